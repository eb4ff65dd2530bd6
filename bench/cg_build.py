"""Computation graphs of benchmark families: cold/warm build times and agreement with NAS-Bench-Suite-Zero.

    .venv/bin/python bench/cg_build.py                      # everything available
    .venv/bin/python bench/cg_build.py --only nb201 --workers 2

Prints, per family, the cold build time (empty cache dir) and the warm load time; for the Suite-Zero
samples, how many CGs reproduce the suite's `flops` (within 1 %) and `params` (exactly) -- for NB301 also
with DARTS' search-phase ops (`to_module(search_ops=True)`), the network whose params the suite reports;
for NB201, that networks made by swapping op modules (`EdgeOpSwapper`) give the same CGs as freshly built
networks; and that a multi-process build equals a single-process one.
"""
from __future__ import annotations
import argparse, random, shutil, tempfile, time

import numpy as np
import torch

from nasbook import benchmarks as B
from nasbook.cg.extract import extract_cg
from nasbook.cg.family import family_cgs, network_maker, on_meta
from nasbook.spaces.registry import get_space


def timed(fn):
    t = time.perf_counter(); out = fn(); return out, time.perf_counter() - t


def build_times(name, make_family, workers):
    "Cold (fresh cache dir) and warm load time of one family's CGs."
    try: fam = make_family()
    except Exception as e:  # a loader or network the project does not have yet
        print(f"{name:28s} skipped: {type(e).__name__}: {str(e).splitlines()[0][:100]}"); return None
    tmp = tempfile.mkdtemp(prefix="cgbench-")
    try:
        cgs, cold = timed(lambda: family_cgs(fam, progress=False, workers=workers, cache=tmp))
        again, warm = timed(lambda: family_cgs(fam, progress=False, cache=tmp))
        assert again == cgs
        nodes = np.array([len(g) for g in cgs])
        print(f"{name:28s} n={len(cgs):6d}  cold {cold:7.1f} s ({1e3 * cold / len(cgs):5.1f} ms/arch, {workers} workers)  "
              f"warm {warm:5.2f} s  nodes {nodes.min()}-{nodes.max()} (mean {nodes.mean():.0f})")
        return fam, cgs
    finally: shutil.rmtree(tmp)


def suite_agreement(space, dataset, cache):
    "FLOPs/params of our CGs vs the suite's for its sample of `space`."
    fam = B.suite_zero(space, dataset)
    cgs = family_cgs(fam, progress=False, cache=cache)
    flops = np.array([g.flops for g in cgs]) / 1e6
    params = np.array([g.params for g in cgs]) / 1e6
    rel = np.abs(flops - fam.labels.flops.to_numpy()) / fam.labels.flops.to_numpy()
    p_ok = np.isclose(params, fam.labels.params.to_numpy(), rtol=0, atol=5e-7)
    off = np.unique(np.round((fam.labels.flops.to_numpy() - flops) * 1e6)[p_ok]).astype(int)
    print(f"suite-zero {space:5s} {dataset:15s} n={len(fam)}: params exact {p_ok.sum()}/{len(fam)}; "
          f"flops within 1 % {(rel <= 0.01).sum()}/{len(fam)} (max rel. error {rel.max():.2e}); "
          f"suite - ours on param-exact cells: {off[:5].tolist()}{' ...' if len(off) > 5 else ''}")


def nb301_search_ops_agreement():
    "NB301: the suite's params/FLOPs against networks with DARTS' search-phase ops (`to_module(search_ops=True)`)."
    fam = B.suite_zero("nb301")
    cgs = [extract_cg(a.to_module(fam.num_classes, search_ops=True).eval(), get_space(fam.space).input_shape(fam.dataset)) for a in fam.archs]
    d_params = np.round(fam.labels.params.to_numpy() * 1e6) - [g.params for g in cgs]
    d_flops = np.round(fam.labels.flops.to_numpy() * 1e6) - [g.flops for g in cgs]
    print(f"suite-zero nb301 with search_ops=True: params exact {(d_params == 0).sum()}/{len(fam)}; "
          f"suite - ours FLOPs: {np.unique(d_flops)[:5].astype(int).tolist()} (max rel. {np.abs(d_flops / fam.labels.flops.to_numpy() / 1e6).max():.1e})")


def swap_equals_build(dataset, n, seed=0):
    "NB201: CGs of swapped-module networks equal those of freshly built networks."
    fam = B.nb201(dataset)
    make = network_maker(fam.space, fam.num_classes)
    shape = get_space(fam.space).input_shape(fam.dataset)
    idx = random.Random(seed).sample(range(len(fam)), n)
    bad = [i for i in idx if extract_cg(make(fam.archs[i]), shape) != extract_cg(on_meta(fam.archs[i].to_module, fam.num_classes), shape)]
    print(f"nb201/{dataset}: swapped == built for {n - len(bad)}/{n} random cells" + (f"; differ: {bad[:5]}" if bad else ""))


def parallel_equals_serial(n=600):
    fam = B.nb201("cifar10").sample(n, seed=1)
    tmp1, tmp2 = tempfile.mkdtemp(), tempfile.mkdtemp()
    try:
        a = family_cgs(fam, progress=False, workers=1, cache=tmp1)
        b = family_cgs(fam, progress=False, workers=2, cache=tmp2)
        print(f"2-worker build == 1-worker build for {n} cells: {a == b}")
    finally: shutil.rmtree(tmp1); shutil.rmtree(tmp2)



FAMILIES = {
    "nb201/cifar10": lambda: B.nb201("cifar10"),
    "nb201/cifar100": lambda: B.nb201("cifar100"),
    "nb201/ImageNet16-120": lambda: B.nb201("ImageNet16-120"),
    "suite_zero/nb101": lambda: B.suite_zero("nb101"),
    "suite_zero/nb301": lambda: B.suite_zero("nb301"),
    "nb101 (20k)": lambda: B.nb101(),
    "nb301 unlabelled": B.nb301_unlabelled,
}

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="substring of the family names to run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--checks", type=int, default=200, help="NB201 cells for the swap-vs-build check")
    args = ap.parse_args()
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s) in this process")
    for name, make in FAMILIES.items():
        if args.only in name: build_times(name, make, args.workers)
    tmp = tempfile.mkdtemp(prefix="cgbench-")
    try:
        for space, datasets in (("nb201", ("cifar10", "cifar100", "ImageNet16-120")), ("nb101", ("cifar10",)), ("nb301", ("cifar10",))):
            if args.only not in space and args.only not in "suite_zero": continue
            for ds in datasets:
                try: suite_agreement(space, ds, tmp)
                except Exception as e: print(f"suite-zero {space} {ds}: skipped: {type(e).__name__}: {str(e).splitlines()[0][:100]}")
    finally: shutil.rmtree(tmp)
    if args.only in "suite_zero/nb301":
        try: nb301_search_ops_agreement()
        except Exception as e: print(f"suite-zero nb301 search_ops: skipped: {type(e).__name__}: {str(e).splitlines()[0][:100]}")
    if args.only in "nb201":
        for ds in ("cifar10", "ImageNet16-120"): swap_equals_build(ds, args.checks)
        parallel_equals_serial()
