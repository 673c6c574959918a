"""Training data: Fashion-MNIST from the Debian package, or a folder of images cut into random patches.

Every source yields float32 tensors [C, size, size] in model space [-1, 1] and states, through
`intensity_metadata()`, how intensities were mapped, which export writes into the ONNX metadata."""
import gzip
import os

import numpy as np
import torch

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != 2051:
        raise ValueError(f"{path} is not an IDX image file")
    n, h, w = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, h, w)


def read_idx_labels(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != 2049:
        raise ValueError(f"{path} is not an IDX label file")
    return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)


def fashion_mnist(split="train", root=FASHION_MNIST_DIR):
    """uint8 images [N, 28, 28] and int64 labels [N]; split is 'train' or 'test'."""
    prefix = "train" if split == "train" else "t10k"
    images = os.path.join(root, f"{prefix}-images-idx3-ubyte.gz")
    if not os.path.exists(images):
        raise FileNotFoundError(
            f"Fashion-MNIST not found at {root}: install it with 'apt-get install dataset-fashion-mnist'")
    return read_idx_images(images), read_idx_labels(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"))


def to_model_space_uint8(images, pad_to=32):
    """uint8 [N, h, w] -> float32 [N, 1, pad_to, pad_to] in [-1, 1]; padding is background (0 -> -1)."""
    x = torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0)[:, None]
    h, w = x.shape[-2:]
    top, left = (pad_to - h) // 2, (pad_to - w) // 2
    return torch.nn.functional.pad(x, (left, pad_to - w - left, top, pad_to - h - top), value=-1.0)


class FashionMNIST(torch.utils.data.Dataset):
    """Fashion-MNIST, 28x28 padded to 32x32, horizontal flips as augmentation."""

    def __init__(self, split="train", size=32, augment=True, root=FASHION_MNIST_DIR):
        if size < 28:
            raise ValueError(f"Fashion-MNIST images are 28x28: --size must be >= 28, got {size}")
        images, self.labels = fashion_mnist(split, root)
        self.x = to_model_space_uint8(images, size)
        self.augment = augment
        self.channels = 1

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        x = self.x[i]
        if self.augment and torch.rand(()) < 0.5:
            x = x.flip(-1)
        return x

    @staticmethod
    def intensity_metadata():
        return {"intensity_mapping": "fixed", "intensity_low": "0", "intensity_high": "255"}

    @staticmethod
    def card():
        return {"model.dataset": "Fashion-MNIST train (60000 images, 28x28 padded to 32x32)",
                "model.data_license": "MIT (Zalando Research)"}
