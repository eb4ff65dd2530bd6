"""Property tests: malformed versions of the real data files load as a typed nasbook error or as the correct result, never as another exception or a silently wrong number."""
from __future__ import annotations
import json, math, os, subprocess, sys, tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from nasbook import benchmarks as B
from nasbook.core import NasbookError, data_dir

REAL = data_dir()
NB201_FILES = [B.NB201_FILE, *B.NB201_LABEL_FILES]  # the NATS table and the label files joined to it
pytestmark = pytest.mark.skipif(not (REAL/B.NB201_FILE).is_file(), reason="needs the benchmark data (NASBOOK_DATA)")
# derandomize: the same examples on every machine and run (CI must not turn red by chance); wider random runs are done by hand
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None, derandomize=True)
NASBOOK = str(Path(sys.executable).parent/"nasbook")


def load(rel: str, d):
    "What the library makes of data file `rel` in data dir `d`: comparable values (archs and label tables)."
    if rel in NB201_FILES: return [(f.archs, f.labels) for f in [*(B.nb201(ds, d) for ds in B.NB201_DATASETS), B.nb201_all_datasets(d)]]
    if rel.startswith("suite_zero/"):
        space = next(s for s, _ in B.SUITE_ZERO_FAMILIES if s[2:] in rel)  # zc_nasbench201.json -> nb201
        return [(f.archs, f.labels) for f in (B.suite_zero(space, ds, d) for s, ds in B.SUITE_ZERO_FAMILIES if s == space)]
    if rel == B.NB301_UNLABELLED_FILE: return [(B.nb301_unlabelled(d).archs, None)]
    if rel == B.NB101_FILE: return [(None, B.read_nb101_metrics(B.source_file(rel, d), 20001))]  # nb101() minus the graph recovery
    if rel == B.NB101_1K_FILE: return [(None, B.read_nb101_1k(d))]
    raise KeyError(rel)

@cache
def reference(rel: str): return load(rel, REAL)

def same(a, b) -> bool:
    for (xa, la), (xb, lb) in zip(a, b, strict=True):
        if xa != xb: return False
        if la is not None:
            try: pd.testing.assert_frame_equal(la, lb, check_exact=True)
            except AssertionError: return False
    return True

def check(rel: str, write) -> None:
    "Write a malformed `rel` (with `write(path)`) into a fresh data dir: loading it is a nasbook error or the reference result."
    with tempfile.TemporaryDirectory() as t:
        d = Path(t)
        for other in NB201_FILES:  # the NB201 files join each other and suite-zero NB201 joins the NATS table: the real ones sit beside
            if other != rel: (d/other).parent.mkdir(parents=True, exist_ok=True); os.symlink(REAL/other, d/other)
        (d/rel).parent.mkdir(parents=True, exist_ok=True)
        write(d/rel)
        try: got = load(rel, d)
        except NasbookError as e:
            assert str(e).strip() and len(str(e).splitlines()) == 1, repr(e)
            return
        assert same(got, reference(rel)), f"{rel}: loaded without error but differs from the published file"


# -- what goes wrong in a value: out of range, NaN, infinite, a string, a bool, null, a container
BAD_NUMBERS = st.sampled_from([-1.0, -1e-6, 100.5, 9366.0, 1e300, -1e300])
BAD_VALUES = st.one_of(BAD_NUMBERS, st.sampled_from([math.nan, math.inf, -math.inf]),
                       st.sampled_from(["abc", "9x", "", "1,5", "True", "nan?"]), st.sampled_from([True, False, None, [1.0], {"v": 1.0}]))
NOT_A_NUMBER = BAD_VALUES.filter(lambda v: not isinstance(v, float) or not math.isfinite(v))  # bad for a proxy, whose range is unbounded
JUNK = st.sampled_from(list(' {}[]:,"xZ#\\\n;\'('))  # no digit, sign, dot or exponent: those could spell another number

def text_garble(data: st.DataObject, raw: bytes) -> bytes:
    "The file's bytes truncated, with a junk character inserted, or replaced by binary noise."
    kind = data.draw(st.sampled_from(["truncate", "insert", "noise", "empty"]))
    if kind == "empty": return b""
    if kind == "noise": return bytes(data.draw(st.lists(st.integers(0, 255), min_size=1, max_size=64)))
    p = data.draw(st.integers(0, len(raw) - 1))
    return raw[:p] if kind == "truncate" else raw[:p] + data.draw(JUNK).encode() + raw[p:]


# -- the NB201 CSV
@cache
def nb201_table() -> pd.DataFrame: return pd.read_csv(REAL/B.NB201_FILE)

def csv_mutation(data: st.DataObject, df: pd.DataFrame) -> pd.DataFrame:
    df, n = df.copy(), len(df)
    row, row2 = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    kind = data.draw(st.sampled_from(["swap_columns", "value", "duplicate_row", "drop_rows", "append_row", "swap_rows", "arch"]))
    if kind == "swap_columns":
        a, b = data.draw(st.sampled_from(list(df.columns))), data.draw(st.sampled_from(list(df.columns)))
        return df.rename(columns={a: b, b: a})
    if kind == "value":
        c = data.draw(st.sampled_from(list(B.NB201_COLUMNS.values())))
        values = df[c].astype(object).tolist(); values[row] = data.draw(BAD_VALUES)  # any value, lists and dicts too
        df[c] = pd.Series(values, index=df.index, dtype=object); return df
    if kind == "duplicate_row": df.iloc[row2] = df.iloc[row]; return df
    if kind == "drop_rows": return df.drop(index=sorted({row, row2}))
    if kind == "append_row": return pd.concat([df, df.iloc[[row]]])
    if kind == "swap_rows": df.iloc[[row, row2]] = df.iloc[[row2, row]].to_numpy(); return df
    df.loc[row, "ArchitectureString"] = data.draw(st.sampled_from(["", "|none~0|", "|nor_conv_3x3~1|+|x~0|x~1|+|a~0|b~1|c~2|", "nan"]))
    return df

@settings(max_examples=16, **SETTINGS)
@given(st.data())
def test_nb201_csv_malformed(data):
    df = csv_mutation(data, nb201_table())
    check(B.NB201_FILE, lambda p: df.to_csv(p, index=False))

@settings(max_examples=6, **SETTINGS)
@given(st.data())
def test_nb201_csv_garbled(data):
    raw = text_garble(data, (REAL/B.NB201_FILE).read_bytes())
    check(B.NB201_FILE, lambda p: p.write_bytes(raw))


# -- the NB201 label files (joined row by row to the NATS table)
@cache
def label_table(rel: str) -> pd.DataFrame: return pd.read_csv(REAL/rel)

def label_value(data: st.DataObject, column: str):
    "A value that is wrong for `column` of a label file: out of its range or not a number."
    if column == "params_M": return data.draw(BAD_VALUES.filter(lambda v: not (isinstance(v, float) and 0 < v < math.inf)))
    if column.startswith(("zen_", "naswot")): return data.draw(NOT_A_NUMBER)  # a proxy: any finite number is possible
    return data.draw(BAD_VALUES)

def label_csv_mutation(data: st.DataObject, df: pd.DataFrame) -> pd.DataFrame:
    df, n = df.copy(), len(df)
    row, row2 = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    kind = data.draw(st.sampled_from(["swap_columns", "value", "index", "arch", "duplicate_row", "drop_rows", "append_row", "swap_rows",
                                      "shuffle", "truncate"]))
    if kind == "swap_columns":
        a, b = data.draw(st.sampled_from(list(df.columns))), data.draw(st.sampled_from(list(df.columns)))
        return df.rename(columns={a: b, b: a})
    if kind in ("value", "index"):
        c = "nats_index" if kind == "index" else data.draw(st.sampled_from([c for c in df.columns if c not in ("nats_index", "arch_str", "naslib_op_tuple")]))
        values = df[c].astype(object).tolist(); values[row] = label_value(data, c) if kind == "value" else row2
        df[c] = pd.Series(values, index=df.index, dtype=object); return df
    if kind == "arch":
        df["arch_str"] = df.arch_str.astype(object)
        df.loc[row, "arch_str"] = data.draw(st.sampled_from([df.arch_str[row2], "", "|none~0|", "nan"])); return df
    if kind == "duplicate_row": df.iloc[row2] = df.iloc[row]; return df
    if kind == "drop_rows": return df.drop(index=sorted({row, row2}))
    if kind == "append_row": return pd.concat([df, df.iloc[[row]]])
    if kind == "swap_rows": perm = np.arange(n); perm[[row, row2]] = [row2, row]; return df.iloc[perm]
    if kind == "shuffle": return df.sample(frac=1.0, random_state=data.draw(st.integers(0, 2**32 - 1)))
    return df.iloc[:row]

@settings(max_examples=24, **SETTINGS)
@given(st.sampled_from(list(B.NB201_LABEL_FILES)), st.data())
def test_nb201_label_csv_malformed(rel, data):
    df = label_csv_mutation(data, label_table(rel))
    check(rel, lambda p: df.to_csv(p, index=False))

@settings(max_examples=6, **SETTINGS)
@given(st.sampled_from(list(B.NB201_LABEL_FILES)), st.data())
def test_nb201_label_csv_garbled(rel, data):
    raw = text_garble(data, (REAL/rel).read_bytes())
    check(rel, lambda p: p.write_bytes(raw))


# -- the suite-zero JSON files
SUITE_FILES = [f"suite_zero/zc_nasbench{n}.json" for n in (101, 201, 301)]

@cache
def real_json(rel: str): return (REAL/rel).read_text()

def suite_mutation(data: st.DataObject, raw: dict) -> dict:
    (space, by_ds), = raw.items()
    ds = data.draw(st.sampled_from(sorted(by_ds)))
    recs = by_ds[ds]
    codes = list(recs)
    code = data.draw(st.sampled_from(codes))
    metric = data.draw(st.sampled_from(sorted(recs[code])))
    kind = data.draw(st.sampled_from(["value", "drop_metric", "swap_metrics", "swap_datasets", "drop_record", "duplicate_record",
                                      "bad_code", "record_type", "rename_space"]))
    if kind == "value": recs[code][metric] = data.draw(BAD_VALUES if metric in ("flops", "params", "val_accuracy") else NOT_A_NUMBER)
    elif kind == "drop_metric": del recs[code][metric]
    elif kind == "swap_metrics":
        other = data.draw(st.sampled_from(sorted(recs[code])))
        for r in recs.values(): r[metric], r[other] = r[other], r[metric]
    elif kind == "swap_datasets":
        other = data.draw(st.sampled_from(sorted(by_ds)))
        by_ds[ds], by_ds[other] = by_ds[other], by_ds[ds]
    elif kind == "drop_record": del recs[code]
    elif kind == "duplicate_record": recs[code.replace(", ", ",")] = dict(recs[code])  # the same architecture under a second spelling
    elif kind == "bad_code": recs[data.draw(st.sampled_from(["(", "()", "(9, 9, 9, 9, 9, 9)", "[[], []]", "x", "(1, 2)"]))] = recs.pop(code)
    elif kind == "record_type": recs[code] = data.draw(st.sampled_from([None, 1.0, "r", [1, 2]]))
    else: raw = {space + "x": by_ds}
    return raw

@settings(max_examples=30, **SETTINGS)
@given(st.sampled_from(SUITE_FILES), st.data())
def test_suite_zero_malformed(rel, data):
    raw = suite_mutation(data, json.loads(real_json(rel)))
    check(rel, lambda p: p.write_text(json.dumps(raw)))

@settings(max_examples=15, **SETTINGS)
@given(st.sampled_from(SUITE_FILES), st.data())
def test_suite_zero_garbled(rel, data):
    raw = text_garble(data, real_json(rel).encode())
    check(rel, lambda p: p.write_bytes(raw))


# -- the NB101 columnar files
NB101_FILES = [B.NB101_FILE, B.NB101_1K_FILE]

def columnar_mutation(data: st.DataObject, raw: dict) -> dict:
    cols = sorted(c for c in raw if c != "embedding")
    c = data.draw(st.sampled_from(cols))
    i, j = data.draw(st.integers(0, len(raw["key"]) - 1)), data.draw(st.integers(0, len(raw["key"]) - 1))
    kind = data.draw(st.sampled_from(["value", "swap_columns", "drop_column", "drop_item", "duplicate_row", "swap_rows", "column_type"]))
    if kind == "value":
        raw[c][i] = data.draw(st.one_of(BAD_VALUES, st.sampled_from(["00005c142e6f48ac74fdcf73e343987", "Z" * 32, 12.5]))) if c != "adjacency" \
            else data.draw(st.sampled_from([[[0.0] * 7] * 6, [[2.0] * 7] * 7, "adj", None]))
    elif kind == "swap_columns":
        other = data.draw(st.sampled_from(cols)); raw[c], raw[other] = raw[other], raw[c]
    elif kind == "drop_column": del raw[c]
    elif kind == "drop_item": del raw[c][i]
    elif kind == "duplicate_row":
        for k in raw: raw[k][j] = raw[k][i]
    elif kind == "swap_rows":
        for k in raw: raw[k][i], raw[k][j] = raw[k][j], raw[k][i]
    else: raw[c] = data.draw(st.sampled_from([None, 1, "x", {"0": 1}]))
    return raw

@settings(max_examples=25, **SETTINGS)
@given(st.sampled_from(NB101_FILES), st.data())
def test_nb101_malformed(rel, data):
    raw = columnar_mutation(data, json.loads(real_json(rel)))
    check(rel, lambda p: p.write_text(json.dumps(raw)))

@settings(max_examples=10, **SETTINGS)
@given(st.sampled_from(NB101_FILES), st.data())
def test_nb101_garbled(rel, data):
    raw = text_garble(data, real_json(rel).encode())
    check(rel, lambda p: p.write_bytes(raw))


# -- the unlabelled NB301 genotypes (each load parses 11,221 genotypes: few examples)
def genotype_mutation(data: st.DataObject, raw: dict) -> dict | list:
    k = data.draw(st.sampled_from(["0", "1", "5000", "11220"]))
    kind = data.draw(st.sampled_from(["value", "drop", "extra", "duplicate", "top_type"]))
    if kind == "value": raw[k] = data.draw(st.sampled_from([None, 3, [1, 2], "(((0, 9),),)", "", "((0, 1))"]))
    elif kind == "drop": del raw[k]
    elif kind == "extra": raw["11221"] = raw[k]
    elif kind == "duplicate": raw[k] = raw["2"]
    else: return list(raw.values())
    return raw

@settings(max_examples=8, **SETTINGS)
@given(st.data())
def test_nb301_unlabelled_malformed(data):
    raw = genotype_mutation(data, json.loads(real_json(B.NB301_UNLABELLED_FILE)))
    check(B.NB301_UNLABELLED_FILE, lambda p: p.write_text(json.dumps(raw)))


# -- the command line
def _copy(rels, d: Path):
    for rel in rels: (d/rel).parent.mkdir(parents=True, exist_ok=True); (d/rel).write_bytes((REAL/rel).read_bytes())

def test_cli_verify_names_a_corrupt_file(tmp_path):
    _copy(B.SOURCES, tmp_path)
    r = subprocess.run([NASBOOK, "data", "status", "--verify", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    n = len(B.SOURCES)
    assert r.returncode == 0 and f"{n} of {n} data files present and verified" in r.stdout and not r.stderr, (r.stdout, r.stderr)
    df = pd.read_csv(tmp_path/B.NB201_FILE)
    c10, c100 = B.NB201_COLUMNS["cifar10"], B.NB201_COLUMNS["cifar100"]
    df.rename(columns={c10: c100, c100: c10}).to_csv(tmp_path/B.NB201_FILE, index=False)  # the swapped headers
    (tmp_path/"suite_zero/zc_nasbench301.json").write_text(real_json("suite_zero/zc_nasbench301.json")[:1000])  # truncated
    r = subprocess.run([NASBOOK, "data", "status", "--verify", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1 and len(lines) == 1 and lines[0].startswith("nasbook: error: corrupt data file(s)"), r.stderr
    assert B.NB201_FILE in lines[0] and "zc_nasbench301.json" in lines[0] and "Traceback" not in r.stderr
    assert f"[!] {B.NB201_FILE}" in r.stdout and "columns swapped" in r.stdout and f"{n - 2} of {n} data files present and verified, 2 corrupt" in r.stdout
    r = subprocess.run([NASBOOK, "data", "status", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and f"{n} of {n} data files present" in r.stdout  # existence only, and fast

def test_cli_broken_pipe_is_quiet():
    r = subprocess.run(f"{NASBOOK} data status --verify | head -1", shell=True, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 1 and not r.stderr, r.stderr
    for args in ("data status", "--help"):  # a reader that is gone before the first write: EPIPE for certain
        r = subprocess.run(f"{NASBOOK} {args} | true", shell=True, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, (args, r.stderr)

def test_cli_errors_are_one_line(tmp_path):
    for args, code in ((["data", "status", "--bogus"], 2), (["data"], 2), (["nonsense"], 2)):
        r = subprocess.run([NASBOOK, *args], capture_output=True, text=True, timeout=300)
        assert r.returncode == code and "Traceback" not in r.stderr and 1 <= len(r.stderr.strip().splitlines()) <= 2, (args, r.stderr)
