"""Writes exported-tiny.bioimage.zip with training/'s real exporter (export_onnx + bioimage.write_package):
a tiny UNet with random weights (8 base channels, seed 0), so the Java tests open a package exactly as
the exporter writes it and check ONNX Runtime Java against the package's own test input/output.

    PYTHONPATH=training /usr/bin/python3 src/test/resources/bioimage/make_exported_package.py
(run from the repository root, with the exporter of branch prior merged; needs torch, onnx, PyYAML)."""
import os
import tempfile

import torch

from diffusion_ij_train.bioimage import write_package
from diffusion_ij_train.export import export_onnx
from diffusion_ij_train.train import TrainConfig
from diffusion_ij_train.unet import UNet


class FixedData:
    @staticmethod
    def intensity_metadata():
        return {"intensity_mapping": "fixed", "intensity_low": "0", "intensity_high": "255"}

    @staticmethod
    def card():
        return {"model.dataset": "none (random weights, a test fixture)", "model.data_license": "n/a"}


def main():
    torch.manual_seed(0)
    cfg = TrainConfig(size=16, base_channels=8, channel_mult=(1, 2), num_res_blocks=1, attention_levels=(),
                      name="exported-tiny")
    net = UNet(cfg.unet_config()).eval()
    with torch.no_grad():  # the UNet zero-initialises its output layer: perturb every weight so eps is not 0
        for p in net.parameters():
            p.add_(0.05 * torch.randn_like(p))
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        onnx_path = os.path.join(tmp, "exported-tiny.onnx")
        cfg.out = onnx_path
        export_onnx(net, cfg, FixedData(), 0, onnx_path)
        write_package(onnx_path, net, os.path.join(here, "exported-tiny.bioimage.zip"))


if __name__ == "__main__":
    main()
