"""Property tests of the cache format: whatever happens to an entry on disk, loading it gives the object or one `DataCorrupt`."""
import tempfile, warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from nasbook.core import DataCorrupt, cached, load_entry, save_entry

# derandomize: the same examples on every machine (CI must not turn red by chance)
FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

arrays = st.builds(lambda n, kind, seed: np.random.default_rng(seed).normal(size=n).astype(kind),
                   st.integers(0, 50), st.sampled_from(["float32", "float64", "int64"]), st.integers(0, 9))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**62, 2**62), st.floats(allow_nan=False), st.text(max_size=8))
frames = st.builds(lambda n, seed: pd.DataFrame({"x": np.random.default_rng(seed).normal(size=n), "s": [f"c{i}" for i in range(n)]}),
                   st.integers(0, 6), st.integers(0, 9))
trees = st.recursive(st.one_of(scalars, arrays, frames),
                     lambda kids: st.one_of(st.lists(kids, max_size=4), st.tuples(kids, kids),
                                            st.dictionaries(st.text(max_size=4), kids, max_size=4)), max_leaves=12)

def same(a, b) -> bool:
    if isinstance(a, np.ndarray): return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, pd.DataFrame):
        try: pd.testing.assert_frame_equal(a, b, check_index_type=False); return True
        except AssertionError: return False
    if isinstance(a, (list, tuple)): return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict): return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b

damage = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.lists(st.floats(0, 1), min_size=1, max_size=40)),
    st.tuples(st.just("zero"), st.floats(0, 1)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("replace"), st.binary(max_size=256)))

def apply(raw: bytes, how) -> bytes:
    kind, arg = how
    if kind == "truncate": return raw[:int(arg * len(raw))]
    if kind == "flip":
        b = bytearray(raw)
        for f in arg: b[min(int(f * len(b)), len(b) - 1)] ^= 0xA5
        return bytes(b)
    if kind == "zero": i = int(arg * len(raw)); return raw[:i] + bytes(min(64, len(raw) - i)) + raw[i + 64:]
    if kind == "append": return raw + arg
    return arg

@FUZZ
@given(obj=trees, how=damage)
def test_damaged_entry_loads_exactly_or_fails_cleanly(obj, how):
    path = save_entry(Path(tempfile.mkdtemp())/"e-k.npz", obj, "e", "k")
    assert same(load_entry(path, "e", "k"), obj)
    path.write_bytes(apply(path.read_bytes(), how))
    try: back = load_entry(path, "e", "k")
    except DataCorrupt as e: assert str(path) in str(e)
    else: assert same(back, obj)  # damage in zip padding can leave the payload intact: then it must be exactly the object

@FUZZ
@given(how=damage)
def test_cached_recomputes_a_damaged_entry(how):
    tmp_path, calls = Path(tempfile.mkdtemp()), []  # a fresh cache per example
    def compute(): calls.append(1); return {"a": np.arange(5), "b": "x"}
    first = cached("d", "k", compute, tmp_path)
    path = tmp_path/"d-k.npz"
    path.write_bytes(apply(path.read_bytes(), how))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        again = cached("d", "k", compute, tmp_path)
    assert same(again, first) and len(calls) in (1, 2)
    if len(calls) == 2: assert any(str(path) in str(x.message) for x in w)  # recomputed: one warning naming the file
    assert same(load_entry(path, "d", "k"), first)  # and the entry on disk is whole again

def test_an_entry_cannot_pass_for_another(tmp_path):
    path = save_entry(tmp_path/"a-1.npz", [1, 2], "a", "1")
    (tmp_path/"a-2.npz").write_bytes(path.read_bytes())
    with pytest.raises(DataCorrupt, match="another entry"): load_entry(tmp_path/"a-2.npz", "a", "2")
