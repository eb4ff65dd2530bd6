"""Check `DartsGenotype.to_module` against NAS-Bench-Suite-Zero's NB301 `params` and `flops` (500 cells), and the op encoding.

1. Params of the default (evaluation) network, of `search_ops=True` (NASLib's search-phase ops, which the suite
   measured) and of either with the auxiliary head, against the suite's `params` (millions, 6 decimals).
2. The op-index encoding: which of the 7! assignments of op names to the indices 0..6 reproduce all 500 counts
   (a cell's count is the skeleton's plus a per-edge term, so all assignments are scored in closed form).
3. FLOPs in the suite's (torchstat-style) convention, with the forward-hook counter of `nb201_params.py`, and
   plain conv + linear MACs. The library's FLOPs come from `nasbook.cg`; this only checks the networks.

Run: NASBOOK_DATA=../shared/data .venv/bin/python bench/darts_params.py
"""
import ast, itertools, json, sys, time
from pathlib import Path

import numpy as np
import torch

from nasbook.core import data_dir
from nasbook.spaces.darts import OPS, DartsGenotype, DartsNetwork, edge_op

sys.path.insert(0, str(Path(__file__).parent))
from nb201_params import suite_convention_flops

n_params = lambda m: sum(p.numel() for p in m.parameters())


def meta(fn, *args, **kw):
    with torch.device("meta"): return fn(*args, **kw)


def check_params(suite: dict):
    rows = []
    for code, rec in suite.items():
        g = DartsGenotype.from_suite_zero(code)
        rows.append([round(rec["params"] * 1e6)] + [n_params(meta(g.to_module, search_ops=s, auxiliary=a))
                                                     for s, a in ((False, False), (True, False), (False, True), (True, True))])
    r = np.array(rows)
    for j, name in enumerate(("evaluation ops", "search ops (suite)", "evaluation ops + aux head", "search ops + aux head"), start=1):
        d = r[:, j] - r[:, 0]
        print(f"params, {name:26s}: equal {int((d == 0).sum())}/{len(r)}; residual (count) min {d.min()}, max {d.max()};"
              f" relative {(d / r[:, 0]).min():+.4f} .. {(d / r[:, 0]).max():+.4f}")


def check_encoding(suite: dict):
    "Score every assignment of op names to indices by closed-form parameter counts (search ops, no aux head)."
    codes = [ast.literal_eval(k) for k in suite]
    target = np.array([round(rec["params"] * 1e6) for rec in suite.values()])
    # per-edge parameters: normal cells at C = 32, 64, 128 (two of each), reduction cells at C = 64, 128
    edge = {(o, c, s): n_params(meta(edge_op, o, c, s, search_ops=True)) for o in OPS for c in (32, 64, 128) for s in (1, 2)}
    all_pools = ((0, "max_pool_3x3"),) * 8
    base = n_params(meta(DartsNetwork, DartsGenotype(all_pools, all_pools), search_ops=True))
    # op index -> parameter contribution of that edge, per cell code position
    normal_w = {o: 2 * sum(edge[(o, c, 1)] for c in (32, 64, 128)) for o in OPS}
    reduce_w = {(o, s): sum(edge[(o, c, s)] for c in (64, 128)) for o in OPS for s in (1, 2)}
    assert all(edge[("max_pool_3x3", c, s)] == 0 for c in (32, 64, 128) for s in (1, 2))
    def counts(names):
        return np.array([base + sum(normal_w[names[o]] for _, o in n) + sum(reduce_w[(names[o], 2 if i < 2 else 1)] for i, o in r)
                         for n, r in codes])
    assert (counts(OPS) == target).all()
    ok = [p for p in itertools.permutations(OPS) if (counts(p) == target).all()]
    print(f"op encodings reproducing all {len(codes)} param counts: {len(ok)} of 5040")
    for p in ok: print("   ", p)


def check_flops(suite: dict):
    rows = []
    for code, rec in suite.items():
        net = meta(DartsGenotype.from_suite_zero(code).to_module, search_ops=True)
        flops, macs = suite_convention_flops(net, 32)
        rows.append((rec["flops"] * 1e6, flops, macs))
    r = np.array(rows, dtype=float)
    rel = np.abs(r[:, 1] / r[:, 0] - 1)
    mac = r[:, 2] / r[:, 0] - 1
    print(f"flops (search ops), suite convention: within 1e-6 rel {int((rel < 1e-6).sum())}/{len(r)} (max rel err {rel.max():.1e});"
          f" conv+linear MACs / suite - 1 in [{mac.min():+.3f}, {mac.max():+.3f}]")


def main():
    suite = json.loads((data_dir()/"suite_zero/zc_nasbench301.json").read_text())["nasbench301"]["cifar10"]
    for step in (check_params, check_encoding, check_flops):
        t0 = time.time(); step(suite); print(f"  ({time.time() - t0:.1f} s)")


if __name__ == "__main__":
    main()
