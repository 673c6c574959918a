"""Writes rgb3.onnx: a contract-conforming 3-channel eps-network for the command tests (RGB input,
channel mismatch errors). eps = 0.05 * x + 0 * t: tiny, deterministic, valid metadata.

Run from the repository root:  /usr/bin/python3 src/test/resources/commands/make_rgb_model.py
"""
import math
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
T = 1000


def cosine_abar(T, s=0.008):
    f = lambda t: math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    betas = [min(1 - f(i + 1) / f(i), 0.999) for i in range(T)]
    return np.cumprod(1.0 - np.array(betas))


def main():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, "H", "W"])
    t = helper.make_tensor_value_info("t", TensorProto.FLOAT, ["N"])
    eps = helper.make_tensor_value_info("eps", TensorProto.FLOAT, ["N", 3, "H", "W"])
    scale = numpy_helper.from_array(np.array(0.05, dtype=np.float32), "scale")
    zero = numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero")
    shape = numpy_helper.from_array(np.array([-1, 1, 1, 1], dtype=np.int64), "shape")
    nodes = [
        helper.make_node("Mul", ["x", "scale"], ["xs"]),
        helper.make_node("Mul", ["t", "zero"], ["t0"]),
        helper.make_node("Reshape", ["t0", "shape"], ["t4"]),
        helper.make_node("Add", ["xs", "t4"], ["eps"]),
    ]
    graph = helper.make_graph(nodes, "rgb3", [x, t], [eps], [scale, zero, shape])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    meta = {
        "diffusion_ij.format": "1", "prediction_type": "epsilon", "num_train_timesteps": str(T),
        "beta_schedule": "cosine", "cosine_s": "0.008",
        "alphas_cumprod": ",".join(repr(float(a)) for a in cosine_abar(T)),
        "variance_type": "fixed_small", "in_channels": "3", "sample_size": "16", "size_multiple": "1",
        "intensity_mapping": "fixed", "intensity_low": "0", "intensity_high": "255",
        "model.name": "rgb3-test", "model.description": "eps = 0.05 x; a 3-channel test graph",
    }
    onnx.helper.set_model_props(model, meta)
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, "rgb3.onnx"))


if __name__ == "__main__":
    main()
