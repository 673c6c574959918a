#!/usr/bin/python3
# Run from the repository root: PYTHONPATH=training bench/torch_tiles.py
# PyTorch reference on the same tiled job as the 2048² default Denoise of the large-images bench (general model):
# 81 tiles of 256² (stride 240), 2 network calls per tile (censored mean), 4 tiles per call, 2 threads; network only.
import time, torch, numpy as np
from diffusion_ij_train.bench_torch import load_network
torch.set_num_threads(2)
net, cfg, meta, abar, model = load_network("models/general.onnx")
x = torch.from_numpy(np.random.RandomState(0).randn(4, 1, 256, 256).astype(np.float32))
t = torch.full((4,), 100.0)
with torch.no_grad():
    net(x, t)
    calls = (81 * 2 + 3) // 4
    s = time.perf_counter()
    for _ in range(calls):
        net(x, t)
    print(f"torch {torch.__version__}: {calls} calls of 4x256² in {time.perf_counter() - s:.1f} s")
