"""Golden fixtures for the Java engine (format: notes/GOLDEN.md, equations: models/MODEL_CONTRACT.md).

`python3 -m diffusion_ij_train.fixtures --out src/test/resources/golden` trains a tiny UNet for a few
hundred seeded steps on Fashion-MNIST (2x average-pooled to 16x16), exports it as tiny.onnx, and
writes one forward pass plus one case per sampler configuration: the initial x_T, every per-step z
in the order the sampler draws it, and the reference sampler's final x_0. Everything is seeded and
single-threaded, so a rerun on the same machine reproduces the same numbers."""
import argparse
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from .data import fashion_mnist, to_model_space_uint8
from .export import export_onnx
from .sampling import NoiseSource, ReplayNoise, sample
from .schedule import make_alphas_cumprod
from .train import TrainConfig, diffusion_loss
from .unet import UNet, count_parameters

# (name, sampler, steps, eta, spacing, clip_sample, variance_type), as GOLDEN.md lists them.
CASES = [
    ("ddim_eta0", "ddim", 10, 0.0, "trailing", True, "fixed_small"),
    ("ddim_eta05", "ddim", 10, 0.5, "leading", False, "fixed_small"),
    ("ddpm_small", "ddpm", 10, 0.0, "linspace", True, "fixed_small"),
    ("ddpm_large", "ddpm", 8, 0.0, "trailing", False, "fixed_large"),
    ("dpmpp2m", "dpm++2m", 10, 0.0, "trailing", True, "fixed_small"),
    ("dpmpp2m_noclip", "dpm++2m", 15, 0.0, "linspace", False, "fixed_small"),
    # Beyond GOLDEN.md's list: unclipped runs that start at t=900 instead of t=999. With the cosine
    # schedule abar(999) = 2.4e-9, so an unclipped first step multiplies the network's eps error by
    # 1/sqrt(abar) = 2e4 and the two cases above end at |x| ~ 1e4; these two stay well conditioned.
    ("ddpm_large_leading", "ddpm", 8, 0.0, "leading", False, "fixed_large"),
    ("dpmpp2m_noclip_leading", "dpm++2m", 15, 0.0, "leading", False, "fixed_small"),
]
SIZE = 16


class PerturbedNet(torch.nn.Module):
    """The network with Gaussian noise of std `scale` added to eps: float32 round-off level for
    scale=1e-6, so the change it causes in x_out shows how much a faithful reimplementation may differ."""

    def __init__(self, net, scale, seed):
        super().__init__()
        self.net, self.scale, self.g = net, scale, torch.Generator().manual_seed(seed)

    def forward(self, x, t):
        eps = self.net(x, t)
        return eps + self.scale * torch.randn(eps.shape, generator=self.g)


class TinyFashionMNIST:
    """Fashion-MNIST padded to 32x32 and 2x average-pooled to 16x16, in model space [-1, 1]."""

    def __init__(self):
        images, _ = fashion_mnist("train")
        self.x = F.avg_pool2d(to_model_space_uint8(images, 32), 2)

    def __len__(self):
        return len(self.x)

    @staticmethod
    def intensity_metadata():
        return {"intensity_mapping": "fixed", "intensity_low": "0", "intensity_high": "255"}

    @staticmethod
    def card():
        return {"model.dataset": "Fashion-MNIST train (60000 images, padded to 32x32, 2x average-pooled to 16x16)",
                "model.data_license": "MIT (Zalando Research)"}


def tiny_config(steps):
    return TrainConfig(size=SIZE, channels=1, steps=steps, batch=32, lr=2e-3, warmup=50, ema_decay=0.0,
                       schedule="cosine", timesteps=1000, variance_type="fixed_small", base_channels=8,
                       channel_mult=(1, 2), num_res_blocks=1, attention_levels=(1,), seed=0,
                       name="golden-tiny", threads=1)


def train_tiny(cfg, data, log=print):
    """Plain seeded loop (no EMA: a few hundred steps are too few for it); returns net and losses."""
    torch.manual_seed(cfg.seed)
    net = UNet(cfg.unet_config())
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=0.0)
    abar = torch.tensor(make_alphas_cumprod(cfg.schedule, cfg.timesteps), dtype=torch.float32)
    g = torch.Generator().manual_seed(cfg.seed)
    losses = []
    for step in range(cfg.steps):
        idx = torch.randint(0, len(data), (cfg.batch,), generator=g)
        for group in opt.param_groups:
            group["lr"] = cfg.lr * min(1.0, (step + 1) / cfg.warmup)
        loss = diffusion_loss(net, data.x[idx], abar)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip)
        opt.step()
        losses.append(loss.item())
        if (step + 1) % 100 == 0:
            log(f"step {step + 1}/{cfg.steps}  loss {np.mean(losses[-100:]):.4f}")
    return net.eval(), losses


def write_f32(path, tensor):
    """Raw little-endian float32, no header; written to a temporary file and renamed."""
    arr = np.ascontiguousarray(tensor.detach().cpu().numpy(), dtype="<f4")
    tmp = path + ".tmp"
    arr.tofile(tmp)
    os.replace(tmp, path)


def write_properties(path, props, comment):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(f"# {comment}\n")
        for k, v in props.items():
            f.write(f"{k}={v}\n")
    os.replace(tmp, path)


def write_network_case(out, net):
    g = torch.Generator().manual_seed(101)
    x = torch.randn(3, 1, SIZE, SIZE, generator=g)
    t = torch.tensor([0.0, 437.5, 999.0])
    with torch.no_grad():
        eps = net(x, t)
    write_f32(os.path.join(out, "network.x.f32"), x)
    write_f32(os.path.join(out, "network.t.f32"), t)
    write_f32(os.path.join(out, "network.eps.f32"), eps)
    write_properties(os.path.join(out, "network.properties"), {"n": 3, "c": 1, "h": SIZE, "w": SIZE},
                     "one forward pass of tiny.onnx: PyTorch eps for network.x.f32 at timesteps network.t.f32")
    return float(eps.abs().max())


def write_norm_free_case(out):
    """nf16.onnx and nf16.*: one forward pass of an untrained norm="none" UNet with 16 and 32 channels, the
    widths at which ONNX Runtime's CPU provider runs the blocks in its blocked NCHWc layout (tiny.onnx,
    8 channels, never does). Random weights everywhere, the zero-initialised layers included, so every
    residual branch and the time-embedding convolutions contribute."""
    torch.manual_seed(5)
    cfg = TrainConfig(size=32, channels=1, base_channels=16, channel_mult=(1, 2), num_res_blocks=1,
                      attention_levels=(1,), norm="none", schedule="cosine", timesteps=1000, name="golden-nf16")
    net = UNet(cfg.unet_config()).eval()
    for m in net.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.reset_parameters()
    export_onnx(net, cfg, TinyFashionMNIST, 0, os.path.join(out, "nf16.onnx"),
                extra_metadata={"model.description": "golden-fixture UNet without normalisation in its residual "
                                                     "blocks; untrained, random weights"})
    g = torch.Generator().manual_seed(102)
    x = torch.randn(2, 1, 32, 48, generator=g)
    t = torch.tensor([25.0, 600.0])
    with torch.no_grad():
        eps = net(x, t)
    write_f32(os.path.join(out, "nf16.x.f32"), x)
    write_f32(os.path.join(out, "nf16.t.f32"), t)
    write_f32(os.path.join(out, "nf16.eps.f32"), eps)
    write_properties(os.path.join(out, "nf16.properties"), {"n": 2, "c": 1, "h": 32, "w": 48},
                     "one forward pass of nf16.onnx: PyTorch eps for nf16.x.f32 at timesteps nf16.t.f32")
    return float(eps.abs().max())


def write_sampler_case(out, net, abar, index, case):
    name, sampler, steps, eta, spacing, clip, variance = case
    shape = (2, 1, SIZE, SIZE)
    g = torch.Generator().manual_seed(1000 + index)
    x_init = torch.randn(shape, generator=g)
    recorder = NoiseSource(g)
    kwargs = dict(steps=steps, sampler=sampler, eta=eta, spacing=spacing, variance_type=variance,
                  clip_sample=clip)
    x_out = sample(net, abar, shape, noise=recorder, x_init=x_init, **kwargs)
    draws = recorder.drawn   # x_init was given, so these are exactly the per-step z, in draw order
    # Replaying the recorded numbers must give the same result, or the fixture would be unusable.
    replay = sample(net, abar, shape, noise=ReplayNoise(draws), x_init=x_init, **kwargs)
    if not torch.equal(replay, x_out):
        raise RuntimeError(f"case {name}: replayed noise does not reproduce x_out")
    perturbed = sample(PerturbedNet(net, 1e-6, 7), abar, shape, noise=ReplayNoise(draws), x_init=x_init, **kwargs)
    sensitivity = float((perturbed - x_out).abs().max())
    write_f32(os.path.join(out, f"{name}.x_init.f32"), x_init)
    noise = torch.cat([z.reshape(-1) for z in draws]) if draws else torch.zeros(0)
    write_f32(os.path.join(out, f"{name}.noise.f32"), noise)
    write_f32(os.path.join(out, f"{name}.x_out.f32"), x_out)
    props = {"sampler": sampler, "steps": steps, "eta": repr(eta), "spacing": spacing,
             "clip_sample": str(clip).lower(), "variance_type": variance,
             "n": shape[0], "c": shape[1], "h": shape[2], "w": shape[3], "noise_draws": len(draws),
             # informative: the size of x_out, and how far x_out moves when every eps is perturbed by
             # N(0, 1e-6) (float32 round-off level) -- a tolerance below that cannot be met reliably
             "x_out_max_abs": f"{float(x_out.abs().max()):.6g}", "sensitivity_eps_1e-6": f"{sensitivity:.3g}"}
    write_properties(os.path.join(out, f"{name}.properties"), props,
                     f"sampler case {name} for tiny.onnx (reference: training/diffusion_ij_train/sampling.py)")
    return len(draws), x_out, sensitivity


README = """# Golden fixtures

Generated by `training/diffusion_ij_train/fixtures.py`; regenerate everything with

    PYTHONPATH=training /usr/bin/python3 -m diffusion_ij_train.fixtures --out src/test/resources/golden

(from the repository root; seeded, single-threaded; takes about a minute). Format: notes/GOLDEN.md; sampler equations:
models/MODEL_CONTRACT.md.

- `tiny.onnx`: UNet {arch}, {params} parameters, cosine schedule T=1000, 1 channel,
  size_multiple 2, trained {steps} steps (batch 32, seed 0, no EMA) on Fashion-MNIST 2x
  average-pooled to 16x16. Loss: first 50 steps {loss_first:.4f}, last 50 steps {loss_last:.4f}.
- `nf16.onnx` and `nf16.*`: one forward pass (n=2, 1x32x48, t = 25, 600) of an untrained UNet
  without normalisation in its residual blocks (`norm=none`, 16 and 32 channels, random weights), the
  widths at which ONNX Runtime's CPU provider switches to its blocked NCHWc layout; written by
  `--only-norm-free` alone too.
- `network.*`: one forward pass (n=3, 1x16x16, t = 0, 437.5, 999); `network.eps.f32` is PyTorch's
  output (float32, CPU). Checked when first generated: ONNX Runtime 1.29.0 (Java, CPU, 1 thread)
  running tiny.onnx reproduces it to 1.2e-6 max abs difference.
- One case per sampler configuration (`CASE.properties`, `CASE.x_init.f32`, `CASE.noise.f32` = the
  `noise_draws` per-step z tensors in draw order, `CASE.x_out.f32` = PyTorch's final x_0):
{cases}

Every `.f32` file is raw little-endian float32, NCHW, no header.

Tolerances. Each `CASE.properties` also states (informative keys) `x_out_max_abs` and
`sensitivity_eps_1e-6`: the largest change of x_out when every network output is perturbed by
Gaussian noise of std 1e-6, i.e. by float32 round-off such as ONNX Runtime vs PyTorch kernels cause.
The clipped cases and the `*_leading` cases stay near [-1, 1] and move by far less than 1e-4, so
1e-4 absolute holds. `ddpm_large` and `dpmpp2m_noclip` start unclipped at t=999, where the cosine
schedule has abar = 2.4e-9: x0_hat = (x - sqrt(1-abar) eps)/sqrt(abar) multiplies any eps error by
2e4, x_out ends at |x| ~ 1e4 and a faithful reimplementation can only match it relatively (compare
max abs difference / max |x_out| against about 1e-4, or against a multiple of the sensitivity).
"""


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m diffusion_ij_train.fixtures", description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="fixture folder, e.g. src/test/resources/golden")
    p.add_argument("--steps", type=int, default=400, help="training steps of the tiny UNet")
    p.add_argument("--only-norm-free", action="store_true", help="write only nf16.onnx and nf16.*")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    os.makedirs(a.out, exist_ok=True)
    print(f"nf16: max |eps| {write_norm_free_case(a.out):.3f}")
    if a.only_norm_free:
        return
    t0 = time.time()
    cfg = tiny_config(a.steps)
    cfg.out = os.path.join(a.out, "tiny.onnx")
    data = TinyFashionMNIST()
    net, losses = train_tiny(cfg, data)
    export_onnx(net, cfg, data, cfg.steps, cfg.out,
                extra_metadata={"model.description": "golden-fixture UNet for the Java engine's tests; "
                                                     "a few hundred training steps, raw (non-EMA) weights"})
    eps_max = write_network_case(a.out, net)
    abar = make_alphas_cumprod(cfg.schedule, cfg.timesteps)
    lines = []
    for i, case in enumerate(CASES):
        draws, x_out, sens = write_sampler_case(a.out, net, abar, i, case)
        lines.append(f"  - `{case[0]}`: {case[1]}, {case[2]} steps, eta {case[3]}, {case[4]}, "
                     f"clip_sample {str(case[5]).lower()}, {case[6]}; {draws} noise draws; "
                     f"max |x_out| {float(x_out.abs().max()):.4g}, sensitivity {sens:.2g}")
        print(f"case {case[0]}: {draws} noise draws, x_out range [{float(x_out.min()):.3f}, "
              f"{float(x_out.max()):.3f}], sensitivity to 1e-6 eps noise {sens:.3g}")
    text = README.format(arch=net.cfg.describe(), params=count_parameters(net), steps=cfg.steps,
                         loss_first=np.mean(losses[:50]), loss_last=np.mean(losses[-50:]), cases="\n".join(lines))
    with open(os.path.join(a.out, "README.md.tmp"), "w") as f:
        f.write(text)
    os.replace(os.path.join(a.out, "README.md.tmp"), os.path.join(a.out, "README.md"))
    print(f"network: max |eps| {eps_max:.3f}; loss first 50 {np.mean(losses[:50]):.4f}, "
          f"last 50 {np.mean(losses[-50:]):.4f}; wrote {a.out} in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
