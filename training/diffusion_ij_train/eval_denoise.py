"""How good a prior is at denoising real photographs: one-call Tweedie denoising with a checkpoint's EMA
network against tuned non-local means, on the images reserved for evaluation (corpus.RESERVED).

`python3 -m diffusion_ij_train.eval_denoise --run-dir RUN [--sigmas 15,25,50] [--json out.json]`

Each clean image is made 8-bit grayscale, Gaussian noise of sigma (of 255) is added and the result
rounded and clipped to 0..255 (what an 8-bit image holds). Ours: the noisy image in model space y is
taken as x_t / sqrt(abar_t) at the (fractional) timestep where sqrt((1-abar)/abar) equals the noise
level, and x0 = y - sqrt((1-abar)/abar) * eps(x_t, t), one network call. Non-local means
(skimage.restoration.denoise_nl_means, 7x7 patches, search distance 11, fast mode) is given its best h
per image and sigma on the grid H_FACTORS x sigma (0.1..1 sigma; a ladder search from 0.5 sigma that walks while PSNR
improves): an oracle-tuned baseline. PSNR in dB against the clean 8-bit image."""
import argparse
import json
import sys
import time

import numpy as np
import torch

H_FACTORS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.65, 0.8, 1.0)
START = 0.5


def reserved_images():
    """name -> clean uint8 grayscale image, for every reserved evaluation image that is installed."""
    from skimage import color, data
    from sklearn.datasets import load_sample_image
    out = {}
    for name in ("camera", "astronaut", "coffee", "chelsea", "rocket", "coins", "moon", "cell",
                 "hubble_deep_field"):
        img = getattr(data, name)()
        out[name] = img
    for name in ("china.jpg", "flower.jpg"):
        out[name.split(".")[0]] = load_sample_image(name)
    for k, img in out.items():
        if img.ndim == 3:
            img = color.rgb2gray(img[..., :3]) * 255
        out[k] = np.clip(np.round(img), 0, 255).astype(np.uint8)
    return out


def add_noise(clean, sigma, seed):
    rng = np.random.default_rng(seed)
    return np.clip(np.round(clean + rng.normal(0, sigma, clean.shape)), 0, 255).astype(np.uint8)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 10 * np.log10(255.0 ** 2 / mse)


def fractional_t(abar, noise):
    """The fractional timestep whose sqrt((1-abar)/abar) equals `noise` (model units), by interpolation."""
    s = np.sqrt((1 - abar) / abar)
    return float(np.interp(noise, s, np.arange(len(abar)))), s


@torch.no_grad()
def tweedie(net, abar, noisy, sigma, multiple):
    """One-call denoising of an 8-bit image with Gaussian noise sigma (of 255): returns float 0..255."""
    y = torch.from_numpy(noisy.astype(np.float32) / 127.5 - 1)[None, None]
    h, w = y.shape[-2:]
    ph, pw = (-h) % multiple, (-w) % multiple
    y = torch.nn.functional.pad(y, (0, pw, 0, ph), mode="reflect")
    noise = 2 * sigma / 255
    t, table = fractional_t(abar, noise)
    a = float(np.interp(t, np.arange(len(abar)), abar))
    eps = net(y * a ** 0.5, torch.tensor([t], dtype=torch.float32))
    x0 = (y - ((1 - a) / a) ** 0.5 * eps).clamp(-1, 1)
    return ((x0[0, 0, :h, :w] + 1) * 127.5).numpy()


def tiled(net, abar, noisy, sigma, multiple, tile=128):
    """tweedie() tile by tile: tiles of `tile` pixels overlapping by tile/8 on each side, of which
    only the centre is kept (how the plugin runs large images; the attention layer's cost grows with
    the square of the number of pixels, and the network was trained on 64x64 patches). tile 0: whole."""
    if tile <= 0:
        return tweedie(net, abar, noisy, sigma, multiple)
    margin = tile // 8
    core = tile - 2 * margin
    h, w = noisy.shape
    pad = np.pad(noisy, ((margin, margin + tile), (margin, margin + tile)), mode="reflect")
    out = np.zeros((h, w), np.float32)
    for y in range(0, h, core):
        for x in range(0, w, core):
            d = tweedie(net, abar, pad[y:y + tile, x:x + tile], sigma, multiple)
            ch, cw = min(core, h - y), min(core, w - x)
            out[y:y + ch, x:x + cw] = d[margin:margin + ch, margin:margin + cw]
    return out


def nlm_psnr(noisy, clean, sigma, f):
    from skimage.restoration import denoise_nl_means
    out = denoise_nl_means(noisy.astype(np.float64), h=f * sigma, sigma=sigma, patch_size=7,
                           patch_distance=11, fast_mode=True)
    return psnr(np.clip(out, 0, 255), clean)


def nlm_best(noisy, clean, sigma, known=None):
    """(best PSNR, its h factor). `known`: factor -> PSNR, or None for 'measured earlier, not the best';
    filled in as the ladder search measures."""
    known = {} if known is None else known
    value = lambda f: known[f] if f in known else known.setdefault(f, nlm_psnr(noisy, clean, sigma, f))
    grid = list(H_FACTORS)
    best = max((f for f in known if known[f] is not None), key=lambda f: known[f], default=START)
    i = grid.index(best)
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(grid):
            v = value(grid[j + step])
            if v is None or v <= value(grid[j]):
                break
            j += step
            i = j
    return value(grid[i]), grid[i]


def load_ema(run_dir):
    from .schedule import make_alphas_cumprod
    from .train import checkpoint_path, config_from_dict, load_checkpoint
    from .unet import UNet
    ckpt = load_checkpoint(checkpoint_path(run_dir))
    cfg = config_from_dict(ckpt["config"])
    net = UNet(cfg.unet_config())
    net.load_state_dict(ckpt["ema"])
    abar = make_alphas_cumprod(cfg.schedule, cfg.timesteps, cfg.beta_start, cfg.beta_end)
    return net.eval(), abar, cfg, int(ckpt["step"])


def evaluate(run_dir, sigmas=(15, 25, 50), nlm_cache=None, log=print, tile=128):
    net, abar, cfg, step = load_ema(run_dir)
    multiple = cfg.unet_config().size_multiple
    cache = {}
    if nlm_cache:
        try:
            cache = json.load(open(nlm_cache))
        except (OSError, ValueError):
            cache = {}
    rows = []
    for name, clean in reserved_images().items():
        for k, sigma in enumerate(sigmas):
            noisy = add_noise(clean, sigma, seed=1000 * k + sum(map(ord, name)))
            t0 = time.time()
            ours = psnr(np.clip(np.round(tiled(net, abar, noisy, sigma, multiple, tile)), 0, 255), clean)
            dt = time.time() - t0
            key = f"{name}/{sigma}"
            known = {float(f): v for f, v in cache.get(key, {}).items()}
            nlm, f = nlm_best(noisy, clean, sigma, known)
            cache[key] = {str(k): v for k, v in known.items()}
            if nlm_cache:
                json.dump(cache, open(nlm_cache, "w"), indent=0)
            rows.append({"image": name, "shape": list(clean.shape), "sigma": sigma, "noisy": psnr(noisy, clean),
                         "tweedie": ours, "nlm": nlm, "nlm_h_factor": f, "tweedie_s": dt})
            log(f"{name:18s} sigma {sigma:2d}: noisy {rows[-1]['noisy']:.2f}  NLM {nlm:.2f} (h={f}σ)  "
                f"ours {ours:.2f} dB ({dt:.2f} s)")
    summary = {s: {m: float(np.mean([r[m] for r in rows if r["sigma"] == s])) for m in ("noisy", "nlm", "tweedie")}
               for s in sigmas}
    for s, v in summary.items():
        log(f"mean sigma {s}: noisy {v['noisy']:.2f}  NLM {v['nlm']:.2f}  ours {v['tweedie']:.2f} dB "
            f"({v['tweedie'] - v['nlm']:+.2f})")
    return {"step": step, "tile": tile, "rows": rows, "summary": summary}


def markdown(result):
    sig = sorted(result["summary"])
    lines = [f"One-call Tweedie denoising (EMA weights at step {result['step']}) vs non-local means with "
             f"oracle-tuned h, PSNR in dB on the reserved images (8-bit grayscale, whole images; ours "
             + (f"in {result['tile']}x{result['tile']} tiles overlapping by {result['tile'] // 8} pixels"
                if result.get("tile") else "in one piece") + "):", "",
             "| image | " + " | ".join(f"σ={s} NLM | σ={s} ours" for s in sig) + " |",
             "|---|" + "---|---|" * len(sig)]
    for name in dict.fromkeys(r["image"] for r in result["rows"]):
        cells = []
        for s in sig:
            r = next(r for r in result["rows"] if r["image"] == name and r["sigma"] == s)
            cells += [f"{r['nlm']:.2f}", f"{r['tweedie']:.2f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for s in sig:
        cells += [f"**{result['summary'][s]['nlm']:.2f}**", f"**{result['summary'][s]['tweedie']:.2f}**"]
    lines.append("| mean | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run-dir", required=True)
    p.add_argument("--sigmas", default="15,25,50")
    p.add_argument("--nlm-cache", default=None, help="JSON file caching the NLM results (they never change)")
    p.add_argument("--tile", type=int, default=128, help="run the network in tiles of this size (0: whole image)")
    p.add_argument("--json", default=None, help="write the results here")
    p.add_argument("--markdown", default=None, help="write the table here")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    try:
        sigmas = tuple(int(s) for s in a.sigmas.split(","))
    except ValueError:
        print(f"error: --sigmas {a.sigmas} must be integers, e.g. 15,25,50", file=sys.stderr)
        sys.exit(2)
    result = evaluate(a.run_dir, sigmas, a.nlm_cache, tile=a.tile)
    if a.json:
        json.dump(result, open(a.json, "w"), indent=1)
    if a.markdown:
        open(a.markdown, "w").write(markdown(result))


if __name__ == "__main__":
    main()
