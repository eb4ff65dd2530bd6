"""Wall time of chapter 6's search units on one thread: a search run per algorithm, and the Neural Predictor's training against scoring the space.

Usage: NASBOOK_DATA=../shared/data .venv/bin/python bench/search_oracle.py [--runs 5]
Builds the NB201 CIFAR-10 and NB101-sample oracles (the NB101 neighbour graph from the cache, or built once),
then times, in this process, `--runs` runs at a 2,000-query budget of random search (the baseline every ratio is
against), regularized evolution and local search, and one Neural Predictor fit on N = 172 against scoring every
architecture of the space with it.
"""
import argparse, time

import numpy as np
import torch

from nasbook.experiments import npn
from nasbook.models import npn as M
from nasbook.search.oracle import Oracle, local_search, random_search, regularized_evolution


def seconds(fn, runs):
    out = []
    for r in range(runs):
        t = time.perf_counter(); fn(r); out.append(time.perf_counter() - t)
    return float(np.median(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(1)
    t = time.perf_counter(); benches = npn.npn_benchmarks(npn.NPN_MODES["full"]); print(f"oracles built: {time.perf_counter() - t:.1f} s")
    for label, b in benches.items():
        base = seconds(lambda r: random_search(Oracle(b.space), 2000, r), a.runs)
        print(f"{label}: random search {base * 1e3:.0f} ms per 2,000-query run")
        for name, f in (("regularized evolution", regularized_evolution), ("local search", local_search)):
            s = seconds(lambda r: f(Oracle(b.space), 2000, r), a.runs)
            print(f"  {name}: {s * 1e3:.0f} ms per run ({s / base:.1f}x random search)")
        q = np.random.default_rng(0).choice(len(b.space), npn.N_TRAIN, replace=False)
        g = npn.labelled(b, q)
        t = time.perf_counter(); model = M.fit_npn(g, hidden=42, seed=0); fit = time.perf_counter() - t
        t = time.perf_counter(); model.predict(b.graphs); score = time.perf_counter() - t
        print(f"  Neural Predictor: fit on 172 {fit:.2f} s, score all {len(b.graphs):,} {score:.2f} s ({score / fit:.2f}x the fit)")


if __name__ == "__main__":
    main()
