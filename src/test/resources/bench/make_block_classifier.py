"""Writes block_classifier.onnx, a hand-built stand-in for the Fashion-MNIST classifier in tests
of the feature-space metrics (eval --generated/--real, the benchmark's smoke test).

Run from the repository root:  /usr/bin/python3 src/test/resources/bench/make_block_classifier.py
Needs only numpy and onnx. Same interface as models/fashion-mnist-classifier.onnx:
input x [N,1,32,32] in [-1,1]; outputs features [N,16] = the means of the 16 8x8 blocks
(row-major), logits [N,10] = features @ W with W[i, j] = ((i + 2j) mod 5 - 2) / 4.
So a test can compute the expected features by hand.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    w = np.array([[((i + 2 * j) % 5 - 2) / 4 for j in range(10)] for i in range(16)], dtype=np.float32)
    nodes = [
        helper.make_node("AveragePool", ["x"], ["pooled"], kernel_shape=[8, 8], strides=[8, 8]),
        helper.make_node("Flatten", ["pooled"], ["features"], axis=1),
        helper.make_node("MatMul", ["features", "W"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "block_classifier",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 32, 32])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 16])],
        [numpy_helper.from_array(w, "W")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_block_classifier")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, "block_classifier.onnx"))


if __name__ == "__main__":
    main()
