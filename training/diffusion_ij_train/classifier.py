"""A small Fashion-MNIST classifier for judging generated samples (accuracy of class-consistent
samples, Fréchet distance and KID on its penultimate features).

It sees exactly what the diffusion model produces: 28x28 images padded to 32x32 in model space
[-1, 1] (uint8 v -> v / 127.5 - 1, padding -1), so generated x_0 go in unchanged.

`python3 -m diffusion_ij_train.classifier --out models/fashion-mnist-classifier.onnx` trains it
(seeded, one CPU thread by default, a few minutes), prints its test accuracy and exports ONNX with
input `x` [N, 1, 32, 32], outputs `logits` [N, 10] and `features` [N, 128]."""
import argparse
import datetime
import os
import time
import warnings

import numpy as np
import onnx
import torch
from torch import nn
import torch.nn.functional as F

from .data import fashion_mnist, to_model_space_uint8
from .export import OPSET

CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


class FashionClassifier(nn.Module):
    """Four 3x3 conv stages (16-32-64-128 channels, BatchNorm, ReLU, 2x max-pool after the first
    three), global average pooling to a 128-d feature vector, one linear layer to 10 logits."""

    def __init__(self, width=16, classes=10):
        super().__init__()
        chans = [1, width, 2 * width, 4 * width, 8 * width]
        layers = []
        for i in range(4):
            layers += [nn.Conv2d(chans[i], chans[i + 1], 3, padding=1, bias=False), nn.BatchNorm2d(chans[i + 1]),
                       nn.ReLU(inplace=True)]
            if i < 3:
                layers.append(nn.MaxPool2d(2))
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(chans[-1], classes)
        self.feature_dim = chans[-1]

    def forward(self, x):
        features = self.body(x).mean(dim=(2, 3))
        return self.head(features), features


def load_split(split):
    images, labels = fashion_mnist(split)
    return to_model_space_uint8(images, 32), torch.from_numpy(labels)


@torch.no_grad()
def accuracy(net, x, y, batch=1000):
    net.eval()
    correct = sum(int((net(x[i:i + batch])[0].argmax(1) == y[i:i + batch]).sum()) for i in range(0, len(x), batch))
    return correct / len(x)


def train_classifier(x, y, epochs=3, batch=128, lr=3e-3, seed=0, log=print):
    """Adam with a one-cycle learning rate, horizontal flips (the diffusion model was trained with
    them, so its samples include flipped garments). Deterministic for a given seed and thread count."""
    torch.manual_seed(seed)
    net = FashionClassifier()
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    steps = epochs * (len(x) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    g = torch.Generator().manual_seed(seed)
    step, t0 = 0, time.time()
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(x), generator=g)
        running = []
        for i in range(0, len(x) - batch + 1, batch):
            idx = order[i:i + batch]
            xb = x[idx]
            flip = torch.rand(len(idx), generator=g) < 0.5
            xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb)
            loss = F.cross_entropy(net(xb)[0], y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            running.append(loss.item())
        log(f"epoch {epoch + 1}/{epochs}  loss {np.mean(running):.4f}  ({time.time() - t0:.0f} s)")
    return net.eval()


def export_classifier(net, out, metadata):
    """ONNX (opset 17) with dynamic N, checked, metadata attached, written whole (temp + rename)."""
    net = net.cpu().eval()
    tmp = out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")
        torch.onnx.export(net, (torch.zeros(2, 1, 32, 32),), tmp, opset_version=OPSET, input_names=["x"],
                          output_names=["logits", "features"],
                          dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}, "features": {0: "N"}},
                          do_constant_folding=True)
    model = onnx.load(tmp)
    del model.metadata_props[:]
    for k, v in metadata.items():
        model.metadata_props.add(key=k, value=str(v))
    onnx.checker.check_model(model)
    onnx.save(model, tmp)
    os.replace(tmp, out)
    return out


def classifier_metadata(net, test_accuracy, epochs, seed):
    return {
        "model.name": "fashion-mnist-classifier",
        "model.kind": "classifier",
        "model.dataset": "Fashion-MNIST train (60000 images, 28x28 padded to 32x32)",
        "model.data_license": "MIT (Zalando Research)",
        "model.architecture": "CNN 16-32-64-128, BatchNorm, ReLU, max-pool, global average pool, linear",
        "model.parameters": str(sum(p.numel() for p in net.parameters())),
        "model.train_epochs": str(epochs),
        "model.seed": str(seed),
        "model.created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input_space": "model space [-1, 1]: uint8 v -> v / 127.5 - 1, 28x28 padded with -1 to 32x32",
        "classes": ",".join(CLASSES),
        "features_dim": str(net.feature_dim),
        "features": "penultimate layer (after global average pooling), for Frechet distance and KID",
        "test_accuracy": f"{test_accuracy:.4f}",
        "test_set": "Fashion-MNIST test (10000 images)",
    }


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m diffusion_ij_train.classifier", description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="ONNX file to write, e.g. models/fashion-mnist-classifier.onnx")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1, help="CPU threads (0 = PyTorch default)")
    a = p.parse_args(argv)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    x, y = load_split("train")
    xt, yt = load_split("test")
    net = train_classifier(x, y, epochs=a.epochs, seed=a.seed)
    acc = accuracy(net, xt, yt)
    export_classifier(net, a.out, classifier_metadata(net, acc, a.epochs, a.seed))
    print(f"test accuracy {acc:.4f} (Fashion-MNIST test, 10000 images); exported {a.out} "
          f"({os.path.getsize(a.out) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
