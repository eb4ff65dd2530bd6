"""Time arch2vec pre-training steps on NAS-Bench-101 graphs: our dense batched GIN vs the same encoder with PyG's
sparse `GINConv`, and extrapolate to one epoch over the whole space (423,624 cells, 90 % training split, batch 32).

Usage: .venv/bin/python bench/arch2vec_epoch.py [--steps 300] [--threads 1]
Both variants run the same number of Adam steps (forward + backward + step) on the same batches of the
enumerated space, in one process, alternating blocks so that a busy machine slows both alike; the ratio is the
number to read. The dense variant is `nasbook.models.arch2vec` itself (fused Adam, as `pretrain`); the sparse one
rebuilds the encoder from PyG layers (GINConv with a linear-batchnorm-ReLU MLP, same widths, same decoder and
loss) over `Batch`es built from the same graphs.

Measured 2026-12-01, 2 shared cores (two other training jobs running), 1 thread, 200 steps: dense 94.2 steps/s
(one epoch ~126 s), sparse 78.6 steps/s (~152 s): dense is 1.20x faster per step, and the sparse variant also
needs its `Batch` built (6.4 ms per batch here, not counted; cached it would cost memory for 423k graphs).
On an idle core the dense step runs at ~178 steps/s (fused Adam; 152 with the default Adam): ~67 s per epoch.
The whole-space pre-training runs in `book/executed/07_arch2vec.ipynb` took 74-100 s per epoch (their table).
"""
import argparse, time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F
from torch_geometric.data import Batch, Data
from torch_geometric.nn import GINConv
from torch_geometric.utils import to_dense_batch

from nasbook.experiments.arch2vec import nb101_table_graphs
from nasbook.models import arch2vec as A
from nasbook.spaces.nb101 import enumerate_nb101


class SparseArch2Vec(nn.Module):
    "arch2vec's encoder with PyG GINConv layers (message passing over edge lists), decoder and loss as `Arch2Vec`."
    def __init__(self, num_ops: int):
        super().__init__()
        dims = (num_ops, *A.HIDDEN)
        mlp = lambda a, b: nn.Sequential(nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU())
        self.convs = nn.ModuleList(GINConv(mlp(a, b), train_eps=True) for a, b in zip(dims, dims[1:]))
        self.mu, self.logvar, self.ops = nn.Linear(dims[-1], A.LATENT), nn.Linear(dims[-1], A.LATENT), nn.Linear(A.LATENT, num_ops)

    def forward(self, x, edge_index, batch):
        for conv in self.convs: x = conv(x, edge_index)
        return self.mu(x), self.logvar(x)


def sparse_batch(adj: torch.Tensor, ops: torch.Tensor, num_ops: int) -> Batch:
    "A PyG batch of the padded graphs' real nodes, edges in both directions (arch2vec's A + A^T)."
    data = []
    for a, o in zip(adj, ops):
        n = int((o >= 0).sum()); ei = a[:n, :n].nonzero().T
        data.append(Data(x=F.one_hot(o[:n], num_ops).float(), edge_index=torch.cat([ei, ei.flip(0)], 1)))
    return Batch.from_data_list(data)


def sparse_loss(model: SparseArch2Vec, b: Batch, adj: torch.Tensor, ops: torch.Tensor) -> torch.Tensor:
    mu, logvar = model(b.x, b.edge_index, b.batch)
    z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
    zd, mask = to_dense_batch(z, b.batch, max_num_nodes=adj.shape[-1])
    i, j = torch.triu_indices(adj.shape[-1], adj.shape[-1], 1); real = ops >= 0
    kl = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(-1)
    return (F.binary_cross_entropy_with_logits((zd @ zd.transpose(1, 2))[:, i, j], adj[:, i, j])
            + F.cross_entropy(model.ops(zd)[real], ops[real]) + kl.mean() / adj.shape[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    g = nb101_table_graphs(enumerate_nb101(progress=False))
    adj, ops = g.tensors()
    rows = torch.from_numpy(np.random.default_rng(0).permutation(len(g))[:32 * a.steps])
    batches = [(adj[rows[s:s + 32]], ops[rows[s:s + 32]]) for s in range(0, len(rows), 32)]
    t = time.perf_counter(); sparse = [sparse_batch(x, o, len(g.vocabulary)) for x, o in batches]; t_build = time.perf_counter() - t
    dense_model, sparse_model = A.Arch2Vec(len(g.vocabulary)).train(), SparseArch2Vec(len(g.vocabulary)).train()
    opt_d = torch.optim.Adam(dense_model.parameters(), 1e-3, fused=True)
    opt_s = torch.optim.Adam(sparse_model.parameters(), 1e-3, fused=True)
    spent = {"dense": 0.0, "sparse": 0.0}
    for block in range(0, len(batches), 50):   # alternate blocks of 50 steps
        for name in ("dense", "sparse"):
            t = time.perf_counter()
            for k in range(block, min(block + 50, len(batches))):
                x, o = batches[k]
                loss = A.reconstruction_loss(dense_model, x, o) if name == "dense" else sparse_loss(sparse_model, sparse[k], x, o)
                opt = opt_d if name == "dense" else opt_s
                opt.zero_grad(); loss.backward(); opt.step()
            spent[name] += time.perf_counter() - t
    steps_per_epoch = int(0.9 * len(g)) // 32 + 1
    for name, s in spent.items():
        print(f"{name}: {len(batches) / s:.1f} steps/s -> one epoch over {len(g):,} cells ({steps_per_epoch:,} steps) ~ {steps_per_epoch * s / len(batches):.0f} s")
    print(f"dense / sparse speed: {spent['sparse'] / spent['dense']:.2f}x; building the sparse batches took {t_build / len(batches) * 1000:.1f} ms per batch (not counted)")


if __name__ == "__main__":
    main()
