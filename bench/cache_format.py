"""Save and load time of the cache format (`.npz` + JSON header + checksum) against pickle, on family CG caches.

Usage: NASBOOK_DATA=../shared/data .venv/bin/python bench/cache_format.py [--repeats 5]
Takes the largest `cgs-nb201` and `cgs-nb101` entries of the cache dir (after `nasbook cache migrate`, or after
a chapter built them), then times, in this process, writing and reading the same object both ways (best of
`--repeats`) in a temp dir.
"""
import argparse, pickle, tempfile, time
from pathlib import Path

from nasbook.core import atomic_write_bytes, cache_dir, load_entry, save_entry


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    d = Path(tempfile.mkdtemp())
    for name in ("cgs-nb201", "cgs-nb101"):
        entries = sorted(cache_dir().glob(f"{name}-*.npz"), key=lambda p: p.stat().st_size)
        if not entries: print(f"{name}: no entry in {cache_dir()}"); continue
        obj = load_entry(entries[-1])
        p_pkl, p_npz = d/f"{name}.pkl", d/f"{name}.npz"
        save_p = best(lambda: atomic_write_bytes(p_pkl, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)), a.repeats)
        load_p = best(lambda: pickle.loads(p_pkl.read_bytes()), a.repeats)
        save_n = best(lambda: save_entry(p_npz, obj, name, "k"), a.repeats)
        load_n = best(lambda: load_entry(p_npz, name, "k"), a.repeats)
        print(f"{name} ({len(obj['flops'])} CGs): pickle {p_pkl.stat().st_size / 1e6:.1f} MB, save {save_p:.3f} s, load {load_p:.3f} s | "
              f"npz {p_npz.stat().st_size / 1e6:.1f} MB, save {save_n:.3f} s ({save_n / save_p:.2f}x), load {load_n:.3f} s ({load_n / load_p:.2f}x)")


if __name__ == "__main__":
    main()
