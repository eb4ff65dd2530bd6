"""Parameter counts of `NB101Cell.to_module()` against the benchmark's `trainable_parameters`.

Checks all 1,000 cells of `nb101/nb101_1k_graphs.json` (graphs given), all 20,001 cells of `nasbook.benchmarks.nb101()`
(graphs recovered from the module hashes; the first run enumerates the space into the cache dir) and, as an
independent cross-check, the 500 NB101 cells of NAS-Bench-Suite-Zero (whose `params` are in millions, 6 decimals).
Prints match counts, every mismatch with its residual, and timings. Networks are built on the `meta` device.

    NASBOOK_DATA=../shared/data .venv/bin/python bench/nb101_params.py [--workers 2]
"""
import argparse, json, os, time
from multiprocessing import Pool

import torch

from nasbook.benchmarks import nb101, suite_zero
from nasbook.core import data_dir
from nasbook.spaces.nb101 import NB101Cell


def n_params(cell: NB101Cell) -> int:
    with torch.device("meta"):
        return sum(p.numel() for p in cell.to_module().parameters())


def check(name, cells, expected, workers, tolerance=0):
    t0 = time.perf_counter()
    with Pool(workers) as pool: ours = pool.map(n_params, cells, chunksize=32)
    bad = [(i, o, e) for i, (o, e) in enumerate(zip(ours, expected)) if abs(o - e) > tolerance]
    dt = time.perf_counter() - t0
    print(f"{name}: {len(cells) - len(bad)}/{len(cells)} parameter counts match ({dt:.0f} s, {1e3 * dt / len(cells):.1f} ms/cell)")
    for i, o, e in bad[:20]: print(f"  row {i}: ours {o}, benchmark {e}, residual {o - e:+}")
    return len(bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=min(os.cpu_count(), 8))
    args = ap.parse_args()

    g = json.loads((data_dir() / "nb101/nb101_1k_graphs.json").read_text())
    cells = [NB101Cell.from_labels(a, o) for a, o in zip(g["adjacency"], g["operations"])]
    check("1k graph file", cells, g["trainable_parameters"], args.workers)

    t0 = time.perf_counter()
    fam = nb101()
    print(f"nb101(): {len(fam)} cells in {time.perf_counter() - t0:.1f} s")
    check("nb101() 20k family", fam.archs, fam.labels.params.tolist(), args.workers)

    z = suite_zero("nb101")
    # the suite stores params / 1e6 rounded to 6 decimals: exact up to rounding
    expected = [round(p * 1e6) for p in z.labels.params]
    check("suite-zero NB101 (params rounded to 1e-6 M)", z.archs, expected, args.workers)


if __name__ == "__main__":
    main()
