"""Reference samplers in PyTorch, line for line the equations of models/MODEL_CONTRACT.md.

The Java engine must reproduce these (golden fixtures); they also draw the sample grids during
training and serve as the PyTorch side of the speed comparison. Math is done in float64 on the
schedule and float32 on tensors, like the Java side."""
import math

import torch

from .schedule import timesteps as make_timesteps


class NoiseSource:
    """Draws the initial noise and every per-step z; a recorded source replays fixture noise."""

    def __init__(self, generator=None):
        self.generator = generator
        self.drawn = []

    def __call__(self, shape, record=False):
        z = torch.randn(shape, generator=self.generator)
        if record:
            self.drawn.append(z.clone())
        return z


class ReplayNoise:
    def __init__(self, tensors):
        self.tensors = list(tensors)

    def __call__(self, shape, record=False):
        z = self.tensors.pop(0)
        assert tuple(z.shape) == tuple(shape), f"replayed noise has shape {tuple(z.shape)}, want {tuple(shape)}"
        return z


def _abar(alphas_cumprod, t):
    return 1.0 if t < 0 else float(alphas_cumprod[t])


def predict_x0(net, x, t, alphas_cumprod, clip_sample):
    a_t = _abar(alphas_cumprod, t)
    tt = torch.full((x.shape[0],), float(t), dtype=torch.float32)
    eps = net(x, tt)
    x0 = (x - math.sqrt(1 - a_t) * eps) / math.sqrt(a_t)
    if clip_sample:
        x0 = x0.clamp(-1, 1)
        eps = (x - math.sqrt(a_t) * x0) / math.sqrt(1 - a_t)
    return x0, eps


@torch.no_grad()
def sample(net, alphas_cumprod, shape, steps, sampler="dpm++2m", eta=0.0, spacing="trailing",
           variance_type="fixed_small", clip_sample=True, noise=None, x_init=None):
    """Run a full reverse diffusion; returns x_0 in model space."""
    noise = noise or NoiseSource()
    T = len(alphas_cumprod)
    ts = make_timesteps(T, steps, spacing)
    x = noise(shape, record=True) if x_init is None else x_init.clone()
    prev_x0, prev_lambda = None, None
    for i, t in enumerate(ts):
        s = ts[i + 1] if i + 1 < len(ts) else -1
        a_t, a_s = _abar(alphas_cumprod, t), _abar(alphas_cumprod, s)
        x0, eps = predict_x0(net, x, t, alphas_cumprod, clip_sample)
        if sampler == "ddim":
            sigma = eta * math.sqrt((1 - a_s) / (1 - a_t)) * math.sqrt(1 - a_t / a_s)
            x = math.sqrt(a_s) * x0 + math.sqrt(max(1 - a_s - sigma ** 2, 0.0)) * eps
            if sigma > 0:
                x = x + sigma * noise(shape, record=True)
        elif sampler == "ddpm":
            alpha = a_t / a_s
            beta = 1 - alpha
            mean = (math.sqrt(a_s) * beta / (1 - a_t)) * x0 + (math.sqrt(alpha) * (1 - a_s) / (1 - a_t)) * x
            var = beta * (1 - a_s) / (1 - a_t) if variance_type == "fixed_small" else beta
            x = mean + math.sqrt(var) * noise(shape, record=True) if s >= 0 else mean
        elif sampler == "dpm++2m":
            if s < 0:
                x = x0
            else:
                al_t, si_t = math.sqrt(a_t), math.sqrt(1 - a_t)
                al_s, si_s = math.sqrt(a_s), math.sqrt(1 - a_s)
                lam_t, lam_s = math.log(al_t / si_t), math.log(al_s / si_s)
                h = lam_s - lam_t
                d = x0
                if prev_x0 is not None:
                    r = (lam_t - prev_lambda) / h
                    d = x0 + (x0 - prev_x0) / (2 * r)
                x = (si_s / si_t) * x - al_s * math.expm1(-h) * d
                prev_x0, prev_lambda = x0, lam_t
        else:
            raise ValueError(f"unknown sampler '{sampler}': use ddpm, ddim or dpm++2m")
    return x
