"""Fuzzing of every architecture constructor and parser: malformed input gives a `NasbookError`, accepted input is exactly what it says."""
from __future__ import annotations
import ast

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from nasbook.core import NasbookError
from nasbook.spaces import darts, nb101, nb201
from nasbook.spaces.darts import DartsGenotype
from nasbook.spaces.nb101 import NB101Cell, mutate_nb101, sample_nb101
from nasbook.spaces.nb201 import NB201Cell

FUZZ = settings(max_examples=100, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# values that are not what any field wants, next to ones that are
garbage = st.one_of(st.none(), st.booleans(), st.floats(allow_nan=True), st.integers(-10, 10), st.text(max_size=6),
                    st.binary(max_size=3), st.just(np.int64(1)), st.just(np.bool_(True)), st.just(1.0), st.just(-1))
nested = st.recursive(garbage, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                       st.dictionaries(st.integers(0, 3), inner, max_size=2)), max_leaves=8)


def is_int(x) -> bool: return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def attempt(f, *args, **kwargs):
    "`f(...)`, or None if it raised a `NasbookError`; any other exception fails the test."
    try: return f(*args, **kwargs)
    except NasbookError: return None


def mutate_text(s: str, data) -> str:
    "`s` with a few random characters inserted, deleted or replaced."
    chars = st.sampled_from(list("|+~()[], 0123456789-.aeonvTx'\"") + ["none", "skip_connect", "sep_conv_3x3", "  "])
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(s)))
        how = data.draw(st.sampled_from(("insert", "delete", "replace")))
        c = data.draw(chars)
        s = s[:i] + c + s[i:] if how == "insert" else s[:i] + s[i + 1:] if how == "delete" else s[:i] + c + s[i + 1:]
    return s


# ---- NB201 ----
nb201_op = st.one_of(st.sampled_from(nb201.OPS), garbage)

@FUZZ
@given(st.one_of(st.lists(nb201_op, min_size=0, max_size=8), nested, st.text(max_size=8)))
def test_nb201_cell(ops):
    c = attempt(NB201Cell, ops)
    if c is None: return
    assert isinstance(ops, (list, tuple)) and len(ops) == 6 and all(isinstance(o, str) for o in ops)
    assert c.ops == tuple(ops) and all(type(o) is str for o in c.ops)
    assert NB201Cell.from_str(c.to_str()) == c and c.key() == c.to_str()

@FUZZ
@given(st.data())
def test_nb201_from_str(data):
    valid = NB201Cell(tuple(data.draw(st.lists(st.sampled_from(nb201.OPS), min_size=6, max_size=6)))).to_str()
    s = mutate_text(valid, data) if data.draw(st.booleans()) else data.draw(st.one_of(st.just(valid), st.text(max_size=30), garbage))
    c = attempt(NB201Cell.from_str, s)
    if c is None: return
    assert isinstance(s, str) and c.to_str() == s.strip()  # a strict parser: what it accepts it writes back

@FUZZ
@given(st.one_of(st.lists(st.one_of(st.integers(-2, 6), garbage), min_size=4, max_size=8), nested))
def test_nb201_from_suite_zero(code):
    c = attempt(NB201Cell.from_suite_zero, code)
    if c is None: return
    assert len(code) == 6 and all(is_int(x) and 0 <= x <= 4 for x in code)
    assert c == NB201Cell.from_suite_zero([int(x) for x in code])

@FUZZ
@given(garbage)
def test_nb201_to_module_args(num_classes):
    net = attempt(NB201Cell(("none",) * 6).to_module, num_classes)
    assert (net is not None) == (is_int(num_classes) and num_classes >= 1)
    if net is not None: assert net.classifier.out_features == num_classes


# ---- NB101 ----
@st.composite
def nb101_inputs(draw):
    n = draw(st.integers(0, 9))
    entry = st.one_of(st.integers(0, 1), st.integers(0, 1), garbage) if draw(st.booleans()) else st.integers(0, 1)
    a = [[draw(entry) if j > i else 0 for j in range(n)] for i in range(n)]
    if n and draw(st.booleans()): a[draw(st.integers(0, n - 1))] = draw(nested)  # a ragged or junk row
    op = st.one_of(st.sampled_from(nb101.OPS), garbage) if draw(st.booleans()) else st.sampled_from(nb101.OPS)
    ops = [nb101.INPUT, *[draw(op) for _ in range(max(n - 2, 0))], nb101.OUTPUT][:max(n, 0)] if n >= 2 else draw(st.lists(op, max_size=2))
    how = draw(st.sampled_from(("list", "object array", "garbage")))
    if how == "object array":
        try: a = np.array(a, dtype=object)
        except ValueError: pass  # ragged: stays a list
    return (draw(garbage) if how == "garbage" else a), ops

@FUZZ
@given(nb101_inputs())
def test_nb101_cell(args):
    a, ops = args
    c = attempt(NB101Cell, a, ops)
    if c is None: return
    assert isinstance(a, list) and all(is_int(x) for row in a for x in row)  # nothing coerced (object arrays are refused)
    assert c.adjacency == tuple(tuple(int(x) for x in row) for row in a) and c.ops == tuple(ops)
    assert NB101Cell(c.matrix, c.ops) == c and repr(NB101Cell(np.array(c.adjacency, np.uint8), list(c.ops))) == repr(c)
    if c.is_valid():
        p = c.in_space()
        assert p.num_vertices <= nb101.MAX_VERTICES and p.num_edges <= nb101.MAX_EDGES
        assert len(c.key()) == 32 and c.to_dag()[0].shape == (p.num_vertices,) * 2
    else:
        for f in (c.key, c.to_dag, c.to_module): assert attempt(f) is None

@FUZZ
@given(st.data())
def test_nb101_from_suite_zero(data):
    code = list(np.eye(7, k=1, dtype=int).ravel().tolist()) + [0, *data.draw(st.lists(st.integers(2, 4), min_size=5, max_size=5)), 1]
    for _ in range(data.draw(st.integers(0, 3))):
        code[data.draw(st.integers(0, 55))] = data.draw(st.one_of(st.integers(-1, 5), garbage))
    code = data.draw(st.one_of(st.just(code), st.just(code[:data.draw(st.integers(0, 57))]), nested))
    c = attempt(NB101Cell.from_suite_zero, code)
    if c is None: return
    assert len(code) == 56 and all(is_int(x) for x in code)
    assert all(0 <= x <= 1 for x in code[:49]) and all(0 <= x <= 4 for x in code[49:])
    assert c == NB101Cell.from_suite_zero(tuple(int(x) for x in code))

@FUZZ
@given(st.data())
def test_nb101_from_labels(data):
    adj = [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    labels = [-1, data.draw(st.integers(0, 2)), -2, -3]
    k = data.draw(st.integers(0, 3))
    labels[k] = data.draw(st.one_of(st.integers(-5, 4), garbage))
    if data.draw(st.booleans()): adj[0][1] = data.draw(st.one_of(st.sampled_from([0.0, 1.0, 0.5]), garbage))
    c = attempt(NB101Cell.from_labels, adj, labels)
    if c is None: return
    x = adj[0][1]
    assert all(is_int(l) and -3 <= l <= 2 for l in labels) and (is_int(x) or isinstance(x, float)) and x in (0, 1)
    assert c.labels() == tuple(x for x in labels if x != -3)

@FUZZ
@given(st.one_of(garbage, st.integers(0, 3)), st.one_of(garbage, st.integers(0, 3)), st.one_of(st.none(), garbage, st.sampled_from(nb101.MUTATIONS)))
def test_nb101_sample_and_mutate_args(n, seed, kind):
    cells = attempt(sample_nb101, n, seed)
    if cells is None: assert not (is_int(n) and n >= 0 and (seed is None or (is_int(seed) and seed >= 0)))
    else: assert len(cells) == n and all(c.is_valid() for c in cells)
    parent = NB101Cell(((0, 1, 1), (0, 0, 1), (0, 0, 0)), (nb101.INPUT, nb101.OPS[0], nb101.OUTPUT))
    child = attempt(mutate_nb101, parent, seed, kind)
    if child is not None: assert child.is_valid() and child.key() != parent.key() and (kind is None or kind in nb101.MUTATIONS)


# ---- DARTS / NB301 ----
pair = st.one_of(st.tuples(st.integers(0, 5), st.one_of(st.integers(0, 6), st.sampled_from(darts.OPS))),
                 st.tuples(st.one_of(st.integers(-1, 6), garbage), st.one_of(st.integers(-1, 7), st.sampled_from(darts.OPS), garbage)), nested)

@st.composite
def darts_cell(draw):
    "A valid cell (pairs as tuples or lists, ops as names or indices) with up to 2 pairs or fields corrupted."
    pairs = [[draw(st.integers(0, k // 2 + 1)), draw(st.one_of(st.integers(0, 6), st.sampled_from(darts.OPS)))] for k in range(8)]
    for _ in range(draw(st.integers(0, 2))):
        k = draw(st.integers(0, 7))
        if draw(st.booleans()): pairs[k] = draw(pair)
        elif isinstance(pairs[k], list): pairs[k][draw(st.integers(0, 1))] = draw(st.one_of(st.integers(-1, 7), garbage))
    pairs = [tuple(p) if isinstance(p, list) and draw(st.booleans()) else p for p in pairs]
    return pairs[:draw(st.sampled_from((8, 8, 8, 7)))]

cell = st.one_of(darts_cell(), darts_cell(), nested)

def expected_codes(cells):
    "What a correct parse of `cells` (lists of (input, op) pairs) must give, or None where it must refuse."
    out = []
    for pairs in cells:
        if not isinstance(pairs, (list, tuple)) or len(pairs) != 8: return None
        row = []
        for k, p in enumerate(pairs):
            if not isinstance(p, (list, tuple)) or len(p) != 2: return None
            i, o = p
            if not (is_int(i) and 0 <= i < k // 2 + 2): return None
            if isinstance(o, str): o = darts.OPS.index(o) if o in darts.OPS else None
            elif not (is_int(o) and 0 <= o < len(darts.OPS)): o = None
            if o is None: return None
            row.append((int(i), int(o)))
        out.append(tuple(row))
    return tuple(out)

_ok = [(0, 3), (1, 3)] * 4

@FUZZ
@given(cell, cell)
@example([(0, -1)] + _ok[1:], _ok).via("the issue: op index -1")
@example([(1.7, 3)] + _ok[1:], _ok).via("the issue: input 1.7")
@example(_ok, [(True, 3)] + _ok[1:]).via("the issue: input True")
@example(_ok, _ok[:7] + [(0, True)]).via("op True")
def test_darts_genotype(normal, reduce):
    g = attempt(DartsGenotype, normal, reduce)
    assert (g.to_codes() if g is not None else None) == expected_codes((normal, reduce))
    if g is not None: assert DartsGenotype.from_str(g.to_str()) == g and g.key() == g.to_str()

@FUZZ
@given(st.data())
def test_darts_from_str(data):
    cells = [[(data.draw(st.integers(0, k // 2 + 1)), data.draw(st.integers(0, 6))) for k in range(8)] for _ in range(2)]
    valid = DartsGenotype(*cells).to_str()
    s = mutate_text(valid, data) if data.draw(st.booleans()) else data.draw(st.one_of(st.just(valid), st.text(max_size=20), garbage))
    g = attempt(DartsGenotype.from_str, s)
    if g is None: return
    assert isinstance(s, str)
    parsed = ast.literal_eval(s)
    assert isinstance(parsed, (list, tuple)) and len(parsed) == 2 and g.to_codes() == expected_codes(parsed)
    assert DartsGenotype.from_str(g.to_str()) == g

@FUZZ
@given(st.one_of(nested, st.lists(cell, min_size=1, max_size=3)))
def test_darts_from_suite_zero(code):
    g = attempt(DartsGenotype.from_suite_zero, code)
    if g is None: return
    assert isinstance(code, (list, tuple)) and len(code) == 2 and g.to_codes() == expected_codes(code)


@pytest.mark.parametrize("kw", [{"num_classes": 0}, {"num_classes": True}, {"auxiliary": 1}, {"search_ops": None}])
def test_darts_to_module_args(kw):
    g = DartsGenotype(((0, "max_pool_3x3"),) * 8, ((0, "max_pool_3x3"),) * 8)
    with pytest.raises(NasbookError): g.to_module(**kw)
