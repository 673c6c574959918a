"""Writes the small ONNX test models the Java runtime tests load (src/test/resources/onnx/).

Run from the repository root:  /usr/bin/python3 src/test/resources/onnx/make_test_models.py
Deterministic (fixed seeds); needs only numpy and onnx. The graphs are hand-built with
onnx.helper, so each test model is a few kB and does one thing:

  toy.onnx            contract-conforming: eps = 0.5*conv3x3(x) + 0.25*up2(avgpool2(x)) + 1e-3*t
                      (size_multiple 2); toy.{x,t,eps}.f32 hold one input batch and numpy's output
  oracle.onnx         the exact eps-network for Gaussian data x0 ~ N(MU, S^2) per pixel
                      (DESIGN.md "Analytic oracle"); generating with it must give mean MU, std S
  slow.onnx           26 convolutions (24 of them 16->16 channels): one call on a 512x512 image takes seconds,
                      for cancellation tests
  nan.onnx            outputs NaN everywhere ((x-x)/(x-x))
  wrong_names.onnx    inputs 'sample' and 'timestep' instead of 'x' and 't'
  wrong_output.onnx   output 'out' instead of 'eps'
  rank3.onnx          input x of rank 3 [N,H,W]
  channels3.onnx      x and eps have 3 channels but the metadata says in_channels=1
  missing_field.onnx  metadata without 'in_channels'
  taller.onnx         declares eps [N,1,H,W] but returns [N,1,2H,W] (x stacked twice along H): a shape
                      mismatch only a run finds

Raw arrays (*.f32) are little-endian float32, NCHW, no header (as in ../golden/).
"""
import math
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
T = 1000
MU, S = 0.2, 0.5          # oracle data distribution, model space


def cosine_alphas_cumprod(T=1000, s=0.008, max_beta=0.999):
    def f(t):
        return math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    betas = np.array([min(1 - f(i + 1) / f(i), max_beta) for i in range(T)], dtype=np.float64)
    return np.cumprod(1.0 - betas)


ABAR = cosine_alphas_cumprod(T)


def contract(name, channels=1, size_multiple=1, **changes):
    meta = {
        "diffusion_ij.format": "1",
        "prediction_type": "epsilon",
        "num_train_timesteps": str(T),
        "beta_schedule": "cosine",
        "cosine_s": "0.008",
        "alphas_cumprod": ",".join(repr(float(a)) for a in ABAR),
        "variance_type": "fixed_small",
        "in_channels": str(channels),
        "sample_size": "16",
        "size_multiple": str(size_multiple),
        "intensity_mapping": "fixed",
        "intensity_low": "0",
        "intensity_high": "255",
        "model.name": name,
        "model.dataset": "none (hand-built test graph)",
        "model.description": "test model written by src/test/resources/onnx/make_test_models.py",
    }
    for k, v in changes.items():
        k = k.replace("__", ".")
        if v is None:
            meta.pop(k)
        else:
            meta[k] = v
    return meta


def io(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def save(name, nodes, inputs, outputs, inits, meta):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_test_models.py")
    model.ir_version = 8
    for k, v in meta.items():
        model.metadata_props.add(key=k, value=v)
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))


def const(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def t_term(nodes, inits, scale):
    """scale * t reshaped to [N,1,1,1] -> 'tb'."""
    inits += [numpy_helper.from_array(np.array([-1, 1, 1, 1], dtype=np.int64), "shape4"), const("tscale", scale)]
    nodes += [helper.make_node("Reshape", ["t", "shape4"], ["t4"]),
              helper.make_node("Mul", ["t4", "tscale"], ["tb"])]


def toy(rng):
    w = rng.standard_normal((1, 1, 3, 3)).astype(np.float32) * 0.3
    nodes, inits = [], [const("w", w), const("half", 0.5), const("quarter", 0.25),
                        const("roi", []), const("scales", [1, 1, 2, 2])]
    nodes += [helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
              helper.make_node("Mul", ["c", "half"], ["c2"]),
              helper.make_node("AveragePool", ["x"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
              helper.make_node("Resize", ["p", "roi", "scales"], ["u"], mode="nearest"),
              helper.make_node("Mul", ["u", "quarter"], ["u2"]),
              helper.make_node("Add", ["c2", "u2"], ["s"])]
    t_term(nodes, inits, 1e-3)
    nodes.append(helper.make_node("Add", ["s", "tb"], ["eps"]))
    save("toy", nodes, [io("x", ["N", 1, "H", "W"]), io("t", ["N"])], [io("eps", ["N", 1, "H", "W"])], inits,
         contract("toy", size_multiple=2))

    # Reference: one batch and numpy's answer, float64 arithmetic.
    n, h, wd = 3, 8, 12
    x = rng.standard_normal((n, 1, h, wd)).astype(np.float32)
    t = np.array([0.0, 437.5, 999.0], dtype=np.float32)
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    conv = np.zeros((n, 1, h, wd))
    for dy in range(3):
        for dx in range(3):
            conv[:, 0] += w[0, 0, dy, dx] * xp[:, 0, dy:dy + h, dx:dx + wd]
    pool = x.astype(np.float64).reshape(n, 1, h // 2, 2, wd // 2, 2).mean(axis=(3, 5))
    up = pool.repeat(2, axis=2).repeat(2, axis=3)
    eps = 0.5 * conv + 0.25 * up + 1e-3 * t.astype(np.float64)[:, None, None, None]
    for suffix, arr in (("x", x), ("t", t), ("eps", eps)):
        arr.astype("<f4").tofile(os.path.join(HERE, f"toy.{suffix}.f32"))
    return nodes, inits


def oracle():
    # eps*(x, t) = sqrt(1-a) (x - sqrt(a) MU) / (a S^2 + 1 - a), a = abar[floor(clip(t, 0, T-1))]
    inits = [const("table", ABAR), const("zero", 0.0), const("tmax", T - 1), const("one", 1.0),
             const("mu", MU), const("s2", S * S), numpy_helper.from_array(np.array([-1, 1, 1, 1], dtype=np.int64), "shape4")]
    nodes = [helper.make_node("Clip", ["t", "zero", "tmax"], ["tc"]),
             helper.make_node("Floor", ["tc"], ["tf"]),
             helper.make_node("Cast", ["tf"], ["ti"], to=TensorProto.INT64),
             helper.make_node("Gather", ["table", "ti"], ["a1"]),
             helper.make_node("Reshape", ["a1", "shape4"], ["a"]),
             helper.make_node("Sub", ["one", "a"], ["oma"]),
             helper.make_node("Sqrt", ["oma"], ["soma"]),
             helper.make_node("Sqrt", ["a"], ["sa"]),
             helper.make_node("Mul", ["sa", "mu"], ["shift"]),
             helper.make_node("Sub", ["x", "shift"], ["xc"]),
             helper.make_node("Mul", ["soma", "xc"], ["num"]),
             helper.make_node("Mul", ["a", "s2"], ["as2"]),
             helper.make_node("Add", ["as2", "oma"], ["den"]),
             helper.make_node("Div", ["num", "den"], ["eps"])]
    save("oracle", nodes, [io("x", ["N", 1, "H", "W"]), io("t", ["N"])], [io("eps", ["N", 1, "H", "W"])], inits,
         contract("gaussian-oracle", model__description=f"exact eps for x0 ~ N({MU}, {S}^2) per pixel"))


def slow(rng):
    ch, layers = 16, 24
    inits = [const("w0", rng.standard_normal((ch, 1, 3, 3)) / 3.0)]
    nodes = [helper.make_node("Conv", ["x", "w0"], ["h0"], pads=[1, 1, 1, 1])]
    for i in range(1, layers + 1):
        inits.append(const(f"w{i}", rng.standard_normal((ch, ch, 3, 3)) / math.sqrt(ch * 9)))
        nodes += [helper.make_node("Conv", [f"h{i - 1}", f"w{i}"], [f"c{i}"], pads=[1, 1, 1, 1]),
                  helper.make_node("Relu", [f"c{i}"], [f"h{i}"])]
    inits.append(const("wout", rng.standard_normal((1, ch, 3, 3)) / math.sqrt(ch * 9)))
    nodes.append(helper.make_node("Conv", [f"h{layers}", "wout"], ["c_out"], pads=[1, 1, 1, 1]))
    t_term(nodes, inits, 0.0)
    nodes.append(helper.make_node("Add", ["c_out", "tb"], ["eps"]))
    save("slow", nodes, [io("x", ["N", 1, "H", "W"]), io("t", ["N"])], [io("eps", ["N", 1, "H", "W"])], inits,
         contract("slow"))


def simple(name, x_shape, eps_shape, meta, in_names=("x", "t"), out_name="eps", op="identity"):
    """eps = x (+ 0*t), or NaN everywhere for op='nan'."""
    xn, tn = in_names
    inits = [const("zero", 0.0)]
    nodes = [helper.make_node("Mul", [tn, "zero"], ["tz"]),
             helper.make_node("ReduceSum", ["tz"], ["tsum"], keepdims=0)]
    if op == "taller":
        nodes += [helper.make_node("Concat", [xn, xn], ["xx"], axis=2),
                  helper.make_node("Add", ["xx", "tsum"], [out_name])]
    elif op == "nan":
        nodes += [helper.make_node("Sub", [xn, xn], ["d"]),
                  helper.make_node("Div", ["d", "d"], ["q"]),
                  helper.make_node("Add", ["q", "tsum"], [out_name])]
    else:
        nodes += [helper.make_node("Add", [xn, "tsum"], [out_name])]
    save(name, nodes, [io(xn, x_shape), io(tn, ["N"])], [io(out_name, eps_shape)], inits, meta)


def main():
    rng = np.random.default_rng(20261123)
    toy(rng)
    oracle()
    slow(rng)
    nchw = ["N", 1, "H", "W"]
    simple("nan", nchw, nchw, contract("nan"), op="nan")
    simple("wrong_names", nchw, nchw, contract("wrong_names"), in_names=("sample", "timestep"))
    simple("wrong_output", nchw, nchw, contract("wrong_output"), out_name="out")
    simple("rank3", ["N", "H", "W"], ["N", "H", "W"], contract("rank3"))
    simple("channels3", ["N", 3, "H", "W"], ["N", 3, "H", "W"], contract("channels3", channels=1))
    simple("missing_field", nchw, nchw, contract("missing_field", in_channels=None))
    simple("taller", nchw, nchw, contract("taller"), op="taller")
    print("wrote test models to", HERE)


if __name__ == "__main__":
    main()
