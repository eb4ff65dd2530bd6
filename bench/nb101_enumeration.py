"""Enumerate the NAS-Bench-101 space from scratch and check it against the benchmark's data.

Prints the wall time of the enumeration (candidate filter + isomorphism reduction in NumPy, then module hashing
over a process pool), the number of cells (the published size is 423,624), whether the graphs stored for the 1,000
cells of `nb101/nb101_1k_graphs.json` are recovered exactly, and how many of the 20,001 keys of
`nb101/nb101_20k_metrics.json` are among the enumerated cells.

    NASBOOK_DATA=../shared/data .venv/bin/python bench/nb101_enumeration.py [--workers 2] [--cache DIR]

Without --cache the enumeration runs in a fresh temporary cache (so it is always timed); with --cache it is
stored there (e.g. the default cache dir, to make the first `nasbook.benchmarks.nb101()` call fast).
"""
import argparse, json, os, platform, shutil, tempfile, time

from nasbook.core import data_dir
from nasbook.spaces.nb101 import SPACE_SIZE, NB101Cell, enumerate_nb101


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=None, help="hashing processes (default: CPU count, at most 8)")
    ap.add_argument("--cache", default=None, help="cache dir to store the enumeration in (default: a temporary one)")
    args = ap.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, workers={args.workers or min(os.cpu_count(), 8)}")

    cache = args.cache or tempfile.mkdtemp(prefix="nb101-enum-")
    t0 = time.perf_counter()
    space = enumerate_nb101(workers=args.workers, cache=cache)
    t1 = time.perf_counter()
    print(f"enumerate_nb101 (both stages + table): {len(space)} cells in {t1 - t0:.1f} s "
          f"({'matches' if len(space) == SPACE_SIZE else 'DIFFERS FROM'} the published {SPACE_SIZE})")
    t0 = time.perf_counter()
    again = enumerate_nb101(cache=cache)
    print(f"second call (from the cache): {time.perf_counter() - t0:.2f} s, same keys: {(again.keys == space.keys).all()}")
    print(f"distinct keys: {len(set(space.keys.tolist()))}")

    g = json.loads((data_dir() / "nb101/nb101_1k_graphs.json").read_text())
    given = [NB101Cell.from_labels(a, o) for a, o in zip(g["adjacency"], g["operations"])]
    rows = space.index(g["key"])
    found = int((rows >= 0).sum())
    exact = sum(r >= 0 and space.cell(r) == c for r, c in zip(rows, given))
    print(f"1k graph file: {found}/1000 keys found, {exact}/1000 graphs identical to the stored ones (vertex order included)")

    keys = json.loads((data_dir() / "nb101/nb101_20k_metrics.json").read_text())["key"]
    print(f"20k metrics file: {int((space.index(keys) >= 0).sum())}/{len(keys)} keys found")
    if not args.cache: shutil.rmtree(cache)


if __name__ == "__main__":
    main()
