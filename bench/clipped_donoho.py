"""How far clipping pulls Donoho's noise estimate down, against the share of saturated pixels.

A 1024² 8-bit image at grey 128 with a band of rows at 0 (a black background at the limit), Gaussian
noise σ, clipped to 0..255 and rounded; Donoho's estimate (median |HH| / 0.6745, as
NoiseEstimator) over σ, mean of 3 noise draws. Sets CensoredCrops.MIN_FRACTION.
Usage: python3 bench/clipped_donoho.py
"""
import numpy as np

rng = np.random.default_rng(1)
N = 1024


def donoho(img):
    hh = (img[0::2, 0::2] - img[0::2, 1::2] - img[1::2, 0::2] + img[1::2, 1::2]) / 2
    return np.median(np.abs(hh)) / 0.6745


for sigma in (25.5, 51.0):
    for area in (0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3):
        x = np.full((N, N), 128.0)
        x[:int(round(area * N)), :] = 0
        ratios, censored = [], []
        for _ in range(3):
            y = np.clip(np.round(x + sigma * rng.standard_normal((N, N))), 0, 255)
            ratios.append(donoho(y) / sigma)
            censored.append(np.mean((y == 0) | (y == 255)))
        print(f"sigma {sigma / 255:.1f} of the range, {100 * np.mean(censored):5.2f} % of pixels saturated: "
              f"Donoho / sigma {np.mean(ratios):.4f}")
