"""Wall time of TG-NAS's hybrid search (`nasbook.search.tg`) with a cheap synthetic scorer.

The scorer is additive: a random weight per op summed over a DAG's op nodes (a dictionary lookup per node), so the timings are the search's own overhead (building supernet / cell DAGs, DE bookkeeping), not a predictor's.
The real TG-NAS GCN's inference time comes on top and is measured separately. Reported per space: evaluations,
scorer calls, time of each half and of the whole search (median of `--repeats` runs), and whether the search found
the scorer's optimum (known in closed form for an additive scorer; for NB201 also checked by brute force).

Run: .venv/bin/python bench/search_tg.py [--repeats 5]
"""
import argparse, itertools, statistics, time

import numpy as np

from nasbook.search.tg import search_darts, search_nb201
from nasbook.spaces import darts, nb201
from nasbook.spaces.nb201 import NB201Cell


def additive_scorer(weights: dict[str, float]):
    "Sum of per-op weights over op nodes (input/output labels weigh 0), one numpy lookup per batch."
    vocab = {o: i for i, o in enumerate(weights)}
    w = np.array(list(weights.values()) + [0.0])
    def score(dags):
        idx = [np.array([vocab.get(o, len(w) - 1) for o in ops]) for _, ops in dags]
        return np.array([w[i].sum() for i in idx])
    return score


def timed(run, repeats: int):
    "The last result of `repeats` runs and the median seconds of the whole search and of each half."
    results = [run() for _ in range(repeats)]
    med = lambda f: statistics.median(f(r) for r in results)
    return results[-1], {"seconds": med(lambda r: r.seconds), "prune.seconds": med(lambda r: r.prune.seconds),
                         "evolve.seconds": med(lambda r: r.evolve.seconds)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(0)

    w201 = dict(zip(nb201.OPS, rng.normal(size=len(nb201.OPS))))
    score = additive_scorer(w201)
    t0 = time.perf_counter()
    brute = score([NB201Cell(ops).to_dag() for ops in itertools.product(nb201.OPS, repeat=6)])
    t_brute = time.perf_counter() - t0
    r, t = timed(lambda: search_nb201(score, progress=False), args.repeats)
    print(f"NB201: {r.evaluations} evaluations (prune {r.prune.evaluations} in {r.prune.calls} calls, "
          f"evolve {r.evolve.evaluations} in {r.evolve.calls} calls); median over {args.repeats}: "
          f"search {t['seconds']:.3f} s = prune {t['prune.seconds']:.3f} s + evolve {t['evolve.seconds']:.3f} s; "
          f"found by {r.found_by}, score {r.score:.4f} vs brute-force max {brute.max():.4f} "
          f"({'optimum' if np.isclose(r.score, brute.max()) else 'NOT optimum'}); brute force over 15,625 cells {t_brute:.2f} s")

    wd = dict(zip(darts.OPS, rng.normal(size=len(darts.OPS))))
    r, t = timed(lambda: search_darts(additive_scorer(wd), progress=False), args.repeats)
    best = 16 * max(wd.values())
    print(f"DARTS: {r.evaluations} evaluations (prune {r.prune.evaluations} in {r.prune.calls} calls, "
          f"evolve {r.evolve.evaluations} in {r.evolve.calls} calls); median over {args.repeats}: "
          f"search {t['seconds']:.3f} s = prune {t['prune.seconds']:.3f} s + evolve {t['evolve.seconds']:.3f} s; "
          f"found by {r.found_by}, score {r.score:.4f} vs optimum {best:.4f} "
          f"(evolution alone {r.evolve.score:.4f})")


if __name__ == "__main__":
    main()
