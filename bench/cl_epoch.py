"""Time ONE contrastive-encoder epoch over the 20,001 NAS-Bench-101 CGs on this machine (issue 5 goal: <= 60 s on CPU).

Usage: NASBOOK_DATA=../shared/data .venv/bin/python bench/cl_epoch.py [--loss gennape|han] [--threads N] [--max-batches B]
Reports the one-off preparation (cached CGs, graph conversion, spectra: cached on disk after the first run)
separately from the epoch itself, as wall and process CPU time (on a shared machine the CPU time is the
steadier number). The encoder and loss are GENNAPE's defaults: 4 k-GNN + 1 transformer layer, width 64,
batch 128, two dropout views, FLOPs head. On a CPU shared with other jobs use `--threads 1`: torch's
intra-op threads then spin-wait (2026-11-27, 2 shared cores, load ~3.5: 653 s with 2 threads, 137 s with 1).

Measured 2026-11-27, 2 shared cores (load ~2), 1 thread: 130.3 s wall, 130.0 s CPU, loss 5.7371 -- 131.7 s
before batching by concatenation (`graph_batch`) replaced `Batch.from_data_list`; the loss is bit-identical.
The <= 60 s goal is not met: a batch (128 CGs x ~191 nodes x 2 dropout views ~ 49k transformer rows) is
~20 GFLOP forward + backward, and a profile puts ~40% of the ~0.8 s per batch in dense matmuls and flash
attention, ~14% in dropout's Bernoulli sampling, the rest in padding copies and index gathers."""
import argparse, os, platform, time

import torch

from nasbook.benchmarks import nb101
from nasbook.graphs import cg_graphs
from nasbook.models.cl import fit_cl

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--loss", default="gennape", choices=["gennape", "han"])
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--max-batches", type=int, default=None, help="stop the epoch early (a quick probe)")
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    torch.set_num_threads(a.threads)

    t = time.perf_counter(); cgs = nb101().cgs(progress=False); t_cgs = time.perf_counter() - t
    t = time.perf_counter(); graphs = cg_graphs(cgs, spectrum_k=21); t_conv = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    enc = fit_cl(graphs, loss=a.loss, epochs=1, batch_size=128, max_batches=a.max_batches, device=a.device, progress=False)
    t_epoch, c_epoch = time.perf_counter() - t, time.process_time() - c
    batches = a.max_batches or -(-len(graphs) // 128)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch threads {a.threads}, device {a.device}")
    print(f"CGs: {len(cgs)} loaded in {t_cgs:.1f} s; graphs + spectra in {t_conv:.1f} s")
    print(f"one {a.loss} epoch ({batches} batches of 128): {t_epoch:.1f} s wall, {c_epoch:.1f} s CPU (all threads); loss {enc.history[-1]:.4f}")
    print(f"load average during the run (other processes share the CPUs): {os.getloadavg()}")


if __name__ == "__main__":
    main()
