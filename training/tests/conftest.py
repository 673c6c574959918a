"""Shared helpers for the training tests: the package on sys.path, one CPU thread, tiny configs."""
import os
import sys

import numpy as np
import pytest
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TRAINING)
sys.path.insert(0, TRAINING)
torch.set_num_threads(1)   # the machine is shared; every test is sized for one core

from diffusion_ij_train.train import TrainConfig  # noqa: E402


def tiny_config(tmp_path, data, **overrides):
    """A 45k-parameter UNet at 16x16 (the golden fixture's shape): fast on one core."""
    cfg = dict(data=str(data), size=16, channels=1, steps=10, batch=8, lr=2e-3, warmup=5, base_channels=8,
               channel_mult=(1, 2), num_res_blocks=1, attention_levels=(1,), threads=1, device="cpu",
               checkpoint_every=1000, sample_every=0, log_every=1, run_dir=str(tmp_path / "run"), seed=0)
    cfg.update(overrides)
    return TrainConfig(**cfg)


def fashion_pngs(folder, count=16, size=16):
    """`count` Fashion-MNIST training images, 2x average-pooled to size x size, as 8-bit PNGs:
    real, structured data that a tiny network learns quickly."""
    from PIL import Image
    from diffusion_ij_train.data import fashion_mnist
    folder.mkdir(parents=True, exist_ok=True)
    images, _ = fashion_mnist("train")
    x = torch.nn.functional.pad(torch.from_numpy(images[:count].astype(np.float32)), (2, 2, 2, 2))
    x = torch.nn.functional.avg_pool2d(x[:, None], 32 // size)[:, 0]
    for i, im in enumerate(x.round().clamp(0, 255).byte().numpy()):
        Image.fromarray(im).save(folder / f"img{i:03d}.png")
    return folder


@pytest.fixture(scope="session")
def fashion_folder(tmp_path_factory):
    """Read-only for every test: 16 Fashion-MNIST images as 16x16 PNGs."""
    return fashion_pngs(tmp_path_factory.mktemp("fashion") / "data")
