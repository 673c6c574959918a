"""Noise schedules and timestep lists, in float64 (see models/MODEL_CONTRACT.md)."""
import math

import numpy as np


def linear_alphas_cumprod(T=1000, beta_start=1e-4, beta_end=0.02):
    betas = np.linspace(beta_start, beta_end, T, dtype=np.float64)
    return np.cumprod(1.0 - betas)


def cosine_alphas_cumprod(T=1000, s=0.008, max_beta=0.999):
    """Improved-DDPM cosine schedule; betas capped at max_beta, as in Nichol & Dhariwal."""
    def f(t):
        return math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    betas = np.array([min(1 - f(i + 1) / f(i), max_beta) for i in range(T)], dtype=np.float64)
    return np.cumprod(1.0 - betas)


def make_alphas_cumprod(name, T=1000, beta_start=1e-4, beta_end=0.02, cosine_s=0.008):
    if name == "linear":
        return linear_alphas_cumprod(T, beta_start, beta_end)
    if name == "cosine":
        return cosine_alphas_cumprod(T, cosine_s)
    raise ValueError(f"unknown schedule '{name}': use 'linear' or 'cosine'")


def timesteps(T, steps, spacing="trailing"):
    """Descending list of integer timesteps, as diffusers' timestep_spacing."""
    if not 1 <= steps <= T:
        raise ValueError(f"steps must be in 1..{T}, got {steps}")
    if spacing == "linspace":
        ts = np.round(np.linspace(0, T - 1, steps))[::-1]
    elif spacing == "leading":
        ts = (np.arange(steps) * (T // steps))[::-1]
    elif spacing == "trailing":
        # Not np.arange(T, 0, -T/S): float steps make it return S+1 entries for some S (e.g. 61).
        ts = np.round(T - np.arange(steps) * (T / steps)) - 1
    else:
        raise ValueError(f"unknown timestep spacing '{spacing}': use linspace, leading or trailing")
    return [int(t) for t in ts]
