#!/usr/bin/python3
"""Censored (8-bit saturated) Denoise on real photographs: PSNR and wall time of default Denoise.

The 11 reserved images of bench/real_images.py, 256² centre crops, grayscale 8-bit, Gaussian noise σ added,
rounded and clipped to 0..255 (seed 1000σ+i); one folder-mode launcher call per σ and mode (σ estimated, the
default, and σ given), model `general`; PSNR against the clean crop. Compare builds with --target (a Maven target
folder holding the jar and lib/), e.g. the main branch's. Extra JVM options (e.g. -D...) go after --.

  bench/saturation_real.py [--target DIR] [--work DIR] [--sigmas 25,50] [-- JVM_OPTIONS]
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from skimage import color, io
from skimage.metrics import peak_signal_noise_ratio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_images import RESERVED  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def crop(path, side=256):
    img = io.imread(path)
    if img.ndim == 3:
        img = color.rgb2gray(img[..., :3]) * 255
    h, w = img.shape
    y0, x0 = (h - side) // 2, (w - side) // 2
    return np.round(img[y0:y0 + side, x0:x0 + side].astype(np.float64)).clip(0, 255)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", default=str(ROOT / "target"))
    ap.add_argument("--work", default="/tmp/saturation-real")
    ap.add_argument("--sigmas", default="25,50")
    ap.add_argument("jvm", nargs="*")
    a = ap.parse_args()
    work, target = Path(a.work), Path(a.target)
    clean = {p.stem: crop(p) for p in RESERVED}
    cp = f"{next(target.glob('diffusion-ij-*-SNAPSHOT.jar'))}:{target / 'lib'}/*"
    for sigma in (int(s) for s in a.sigmas.split(",")):
        src = work / f"in{sigma}"
        src.mkdir(parents=True, exist_ok=True)
        for i, p in enumerate(RESERVED):
            rng = np.random.default_rng(1000 * sigma + i)
            noisy = np.clip(np.round(clean[p.stem] + sigma * rng.standard_normal(clean[p.stem].shape)), 0, 255)
            io.imsave(src / f"{p.stem}.png", noisy.astype(np.uint8), check_contrast=False)
        for mode in ("estimated", "given"):
            out = work / f"out{sigma}-{mode}"
            out.mkdir(exist_ok=True)
            for f in out.glob("*"):
                f.unlink()
            cmd = ["java", *a.jvm, "-cp", cp, "org.diffusionij.cli.Main", "denoise", "--in", str(src), "--out", str(out),
                   "--model", str(ROOT / "models" / "general.onnx")] + (["--sigma", str(sigma)] if mode == "given" else [])
            t0 = time.time()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sec = time.time() - t0
            psnr = {k: peak_signal_noise_ratio(v, io.imread(out / f"{k}.tif").astype(np.float64).clip(0, 255),
                                               data_range=255) for k, v in clean.items()}
            print(f"sigma {sigma}, {mode}: mean {np.mean(list(psnr.values())):.3f} dB, {sec:.1f} s for 11 files, "
                  f"load {open('/proc/loadavg').read().split()[:3]}; "
                  + " ".join(f"{k} {v:.2f}" for k, v in psnr.items()), flush=True)


if __name__ == "__main__":
    main()
