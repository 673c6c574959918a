"""The denoising evaluation: the one-call Tweedie step inverts the noise model exactly for an oracle
network, the ladder search finds the grid's best NLM h, and the reserved images load by name."""
import numpy as np
import torch

from diffusion_ij_train import eval_denoise
from diffusion_ij_train.eval_denoise import H_FACTORS, add_noise, nlm_best, nlm_psnr, psnr, tweedie
from diffusion_ij_train.schedule import make_alphas_cumprod


def test_tweedie_with_an_oracle_network_returns_the_clean_image():
    abar = make_alphas_cumprod("cosine")
    rng = np.random.default_rng(0)
    clean = rng.integers(30, 220, (20, 28)).astype(np.uint8)          # 20x28: padded to multiples of 8
    sigma = 25
    noisy = clean + rng.normal(0, sigma, clean.shape)                  # unclipped, unrounded: exact model
    noise = 2 * sigma / 255

    def oracle(x, t):
        t = float(t[0])
        a = float(np.interp(t, np.arange(len(abar)), abar))
        # x = sqrt(a) * (clean + noise * e) in model space, with sqrt((1-a)/a) == noise
        x0 = torch.zeros_like(x)
        x0[..., :20, :28] = torch.from_numpy(clean.astype(np.float32) / 127.5 - 1)
        return (x - a ** 0.5 * x0) / (1 - a) ** 0.5

    out = tweedie(oracle, abar, noisy.astype(np.float32), sigma, 8)
    assert out.shape == clean.shape
    np.testing.assert_allclose(out, np.clip(clean, 0, 255), atol=0.05)
    t, table = eval_denoise.fractional_t(abar, noise)
    assert abs(float(np.interp(t, np.arange(1000), table)) - noise) < 1e-6


def test_tiles_cover_the_image_once_and_keep_their_centres():
    abar = make_alphas_cumprod("cosine")
    rng = np.random.default_rng(2)
    noisy = rng.integers(0, 255, (50, 70)).astype(np.float32)
    zero = lambda x, t: torch.zeros_like(x)            # eps = 0: the denoiser returns its input
    from diffusion_ij_train.eval_denoise import tiled
    np.testing.assert_allclose(tiled(zero, abar, noisy, 25, 8, tile=32), noisy, atol=1e-3)
    np.testing.assert_allclose(tiled(zero, abar, noisy, 25, 8, tile=0), noisy, atol=1e-3)


def test_the_ladder_search_finds_the_best_h_of_the_grid():
    rng = np.random.default_rng(1)
    yy, xx = np.mgrid[0:40, 0:40]
    clean = (128 + 80 * np.sin(xx / 5) * np.cos(yy / 7)).astype(np.uint8)
    noisy = add_noise(clean, 25, seed=3)
    every = {f: nlm_psnr(noisy, clean, 25, f) for f in H_FACTORS}
    best_f = max(every, key=every.get)
    known = {}
    assert nlm_best(noisy, clean, 25, known) == (every[best_f], best_f)
    assert set(known) <= set(H_FACTORS) and len(known) < len(H_FACTORS)   # it did not try every h
    # factors measured earlier and known to lose are never measured again
    assert nlm_best(noisy, clean, 25, {best_f: every[best_f], **{f: None for f in H_FACTORS if f != best_f}}) \
        == (every[best_f], best_f)
    assert psnr(clean, clean.astype(np.float64) + 1) == 20 * np.log10(255)


def test_reserved_images_load_as_8bit_grayscale():
    images = eval_denoise.reserved_images()
    assert set(images) == {"camera", "astronaut", "coffee", "chelsea", "rocket", "coins", "moon", "cell",
                           "hubble_deep_field", "china", "flower"}
    assert all(im.dtype == np.uint8 and im.ndim == 2 for im in images.values())
