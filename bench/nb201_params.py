"""Check `NB201Cell.to_module` against NAS-Bench-Suite-Zero's `params` and `flops` for all 491 cells x 3 datasets.

Params: the module's parameter count must equal the suite's (given in millions, 6 decimals).
FLOPs: the suite's numbers come from the torchstat-style counter NASLib used; a small forward-hook counter below
reproduces that convention (conv MACs + 2 per BN element + 1 per ReLU element + k^2 per avg-pool output element
+ in*out per linear + C*(H+1)*(W+1) for the global average pool) and also reports plain conv+linear MACs.
This counter is a check of the networks only; the library's FLOPs come from `nasbook.cg`.

Run: NASBOOK_DATA=../shared/data .venv/bin/python bench/nb201_params.py
"""
import ast, json, time

import numpy as np
import torch
from torch import nn

from nasbook.core import data_dir
from nasbook.spaces.nb201 import NB201Cell

DATASETS = (("cifar10", 10, 32), ("cifar100", 100, 32), ("ImageNet16-120", 120, 16))


def suite_convention_flops(model: nn.Module, hw: int) -> tuple[int, int]:
    "(FLOPs in the suite's convention, conv + linear MACs) of one forward pass on a 1x3xhwxhw input (on `model`'s device; meta works)."
    total, macs = 0, 0
    def hook(m, inputs, out):
        nonlocal total, macs
        x = inputs[0]
        if isinstance(m, nn.Conv2d):
            n = out.numel() * m.kernel_size[0] * m.kernel_size[1] * m.in_channels // m.groups
            total += n; macs += n
        elif isinstance(m, nn.Linear):
            n = m.in_features * m.out_features
            total += n; macs += n
        elif isinstance(m, nn.BatchNorm2d): total += (2 if m.affine else 1) * x.numel()
        elif isinstance(m, nn.ReLU): total += x.numel()
        elif isinstance(m, (nn.AvgPool2d, nn.MaxPool2d)):
            k = m.kernel_size if isinstance(m.kernel_size, int) else m.kernel_size[0]
            total += out.numel() * k * k
        elif isinstance(m, nn.AdaptiveAvgPool2d): total += x.shape[1] * (x.shape[2] + 1) * (x.shape[3] + 1)
    hooks = [m.register_forward_hook(hook) for m in model.modules() if not list(m.children())]
    device = next(model.parameters()).device
    with torch.no_grad(): model.eval()(torch.zeros(1, 3, hw, hw, device=device))
    for h in hooks: h.remove()
    return total, macs


def main():
    suite = json.loads((data_dir()/"suite_zero/zc_nasbench201.json").read_text())["nasbench201"]
    t0 = time.time()
    for ds, classes, hw in DATASETS:
        rows = []
        for code, rec in suite[ds].items():
            cell = NB201Cell.from_suite_zero(ast.literal_eval(code))
            with torch.device("meta"): net = cell.to_module(classes)  # shapes only: no weights, no arithmetic
            params = sum(p.numel() for p in net.parameters())
            flops, macs = suite_convention_flops(net, hw)
            rows.append((round(rec["params"] * 1e6), params, rec["flops"] * 1e6, flops, macs))
        r = np.array(rows, dtype=float)
        dp = r[:, 1] - r[:, 0]
        rel_f = np.abs(r[:, 3] / r[:, 2] - 1)
        rel_mac = r[:, 4] / r[:, 2] - 1
        print(f"{ds:15s} cells {len(r)}: params equal {int((dp == 0).sum())}/{len(r)} (max |residual| {np.abs(dp).max():.0f});"
              f" suite-convention FLOPs within 1e-6 rel {int((rel_f < 1e-6).sum())}/{len(r)} (max rel err {rel_f.max():.1e});"
              f" conv+linear MACs / suite - 1 in [{rel_mac.min():+.3f}, {rel_mac.max():+.3f}]")
    print(f"{time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
