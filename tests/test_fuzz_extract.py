"Property tests of `extract_cg` on random `nn.Sequential` stacks: a CG with the forward pass's FLOPs and params, or a `NasbookError`."
import warnings

import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st
from torch import nn

from nasbook.cg.extract import extract_cg
from nasbook.core import NasbookError

torch.set_num_threads(1)


def _layer(draw, c: int, spatial: bool):
    "A random layer for a `c`-channel input; its channel count is sometimes wrong on purpose. Returns (layer, c_out, spatial)."
    cin = c if draw(st.integers(0, 5)) else draw(st.integers(1, 9))  # 1 in 6: a channel mismatch
    kinds = ["conv", "bn2", "gn", "pool", "avg", "apool", "flat"] if spatial else ["linear", "bn1", "ln"]
    kind = draw(st.sampled_from(kinds + ["relu", "relu6", "sigmoid", "tanh", "drop", "id", "softmax"]))
    if kind == "conv":
        out, k, g = draw(st.integers(1, 8)), draw(st.integers(1, 4)), draw(st.sampled_from([1, 1, 2]))
        return nn.Conv2d(cin * g if g > 1 and cin * g <= 16 else cin, out * (g if cin * g <= 16 else 1), k, stride=draw(st.integers(1, 2)),
                         padding=draw(st.integers(0, 1)), groups=g if cin * g <= 16 else 1, bias=draw(st.booleans())), None, True
    if kind == "linear": return nn.Linear(cin, (o := draw(st.integers(1, 8))), bias=draw(st.booleans())), o, False
    if kind == "bn2": return nn.BatchNorm2d(cin, affine=draw(st.booleans())), c, True
    if kind == "bn1": return nn.BatchNorm1d(cin), c, False
    if kind == "gn": return nn.GroupNorm(1, cin), c, True
    if kind == "ln": return nn.LayerNorm(cin, elementwise_affine=draw(st.booleans())), c, False
    if kind == "pool": return nn.MaxPool2d(draw(st.integers(1, 3)), stride=draw(st.integers(1, 2))), c, True
    if kind == "avg": return nn.AvgPool2d(draw(st.integers(1, 3))), c, True
    if kind == "apool": return nn.AdaptiveAvgPool2d(draw(st.integers(1, 2))), c, True
    if kind == "flat": return nn.Flatten(), None, False
    if kind == "softmax": return nn.Softmax(dim=draw(st.integers(-3, 3))), c, spatial
    return {"relu": nn.ReLU(), "relu6": nn.ReLU6(), "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(),
            "drop": nn.Dropout(), "id": nn.Identity()}[kind], c, spatial


@st.composite
def stacks(draw):
    "A random stack and an input shape (sometimes malformed: no batch dim, zeros, negatives, floats)."
    spatial = draw(st.booleans())
    c = draw(st.integers(1, 6))
    layers = []
    for _ in range(draw(st.integers(1, 5))):
        m, c_out, sp = _layer(draw, c, spatial)
        layers.append(m)
        if isinstance(m, nn.Conv2d): c_out = m.out_channels
        if c_out is None: c_out = c  # flatten: the next Linear may mismatch, which is the point
        c, spatial = c_out, sp
    shape = [draw(st.integers(1, 2)), layers and _in_channels(layers[0], draw)] + ([draw(st.integers(1, 9))] * 2 if draw(st.booleans()) else [])
    bad = draw(st.integers(0, 9))
    if bad == 0: shape = shape[1:]  # no batch dimension
    elif bad == 1: shape[draw(st.integers(0, len(shape) - 1))] = draw(st.sampled_from([0, -1, 2.0, "3", None, True]))
    elif bad == 2: shape = draw(st.sampled_from([None, "1,3,8,8", 7, {"a": 1}]))
    return nn.Sequential(*layers), shape


def _in_channels(m, draw):
    for a in ("in_channels", "in_features", "num_features", "num_channels"):
        if hasattr(m, a): return getattr(m, a)
    if isinstance(m, nn.LayerNorm): return m.normalized_shape[0]
    return draw(st.integers(1, 6))


def hook_flops(model, shape):
    "FLOPs per sample of a real forward pass by hooks (the `CG.flops` convention); raises where torch fails."
    total = [0]
    def hook(m, inp, out):
        el = out[0].numel()
        if isinstance(m, nn.Conv2d): total[0] += el * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear): total[0] += el * m.in_features
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)): total[0] += (2 if m.affine else 1) * el
        elif isinstance(m, nn.GroupNorm): total[0] += (2 if m.affine else 1) * el
        elif isinstance(m, nn.LayerNorm): total[0] += (2 if m.elementwise_affine else 1) * el
        elif isinstance(m, (nn.ReLU, nn.ReLU6, nn.Sigmoid, nn.Tanh, nn.Softmax)): total[0] += el
        elif isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)): total[0] += el * m.kernel_size ** 2
    hs = [m.register_forward_hook(hook) for m in model.modules() if m is not model]
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.eval()(torch.zeros(shape))
    finally:
        for h in hs: h.remove()
    return total[0]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(stacks())
def test_extract_cg_counts_or_refuses(case):
    model, shape = case
    err = ""
    try: g = extract_cg(model, shape)
    except NasbookError as e: g, err = None, str(e)
    except Exception as e: pytest.fail(f"{type(e).__name__} (not a NasbookError) for {model} on {shape!r}: {e}")
    valid = isinstance(shape, list) and len(shape) >= 2 and all(type(d) is int and d >= 1 for d in shape)
    try: flops = hook_flops(model, shape) if valid else None
    except Exception: flops = None  # torch cannot run it
    if g is None:
        # refusing is right where torch fails, or where a conv/pooling layer would read its input as unbatched
        assert flops is None or "(batch first)" in err, (model, shape, err)
        return
    assert flops is not None, f"a CG for a model torch cannot run: {model} on {shape}"
    assert g.flops == flops, (model, shape, g.flops, flops)
    assert g.params == sum(p.numel() for p in model.parameters())
