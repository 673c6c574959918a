"""The reference samplers against the Gaussian oracle: for data x0 ~ N(mu, s^2) the exact
epsilon-predictor is known in closed form, so a correct sampler must return N(mu, s^2)."""
import math

import numpy as np
import pytest
import torch

from diffusion_ij_train.sampling import NoiseSource, ReplayNoise, sample
from diffusion_ij_train.schedule import make_alphas_cumprod

MU, S = 0.3, 0.5
N = 65536      # samples (pixels): standard error of the mean S/256 = 0.002, of the std S/362 = 0.0014


class GaussianOracle(torch.nn.Module):
    """eps*(x, t) = E[eps | x_t = x] = sqrt(1-a)(x - sqrt(a) mu) / (a s^2 + 1 - a), computed in float64."""

    def __init__(self, abar):
        super().__init__()
        self.abar = torch.tensor(abar, dtype=torch.float64)

    def forward(self, x, t):
        a = self.abar[t.long()].view(-1, 1, 1, 1)
        eps = (1 - a).sqrt() * (x.double() - a.sqrt() * MU) / (a * S * S + 1 - a)
        return eps.float()


# (sampler, steps, eta, variance_type, tolerance of mean, tolerance of std). The mean tolerance is
# 5 standard errors. The std tolerances add each method's discretisation error at that step count,
# measured on this problem (cosine, trailing): DDIM(0) 250 steps -0.003, DDPM fixed_small 250 steps
# -0.007 (beta-tilde under-disperses, beta over-disperses: +0.002), DPM-Solver++(2M) 20 steps
# -0.002. A wrong equation is off by far more (see test_a_wrong_sampler_would_fail_the_oracle_test).
CASES = [
    ("ddpm", 250, 0.0, "fixed_small", 0.01, 0.015),
    ("ddpm", 250, 0.0, "fixed_large", 0.01, 0.01),
    ("ddim", 250, 0.0, "fixed_small", 0.01, 0.01),
    ("ddim", 250, 0.5, "fixed_small", 0.01, 0.015),
    ("dpm++2m", 20, 0.0, "fixed_small", 0.01, 0.01),
]


def oracle_sample(steps, sampler, seed=0, **kwargs):
    abar = make_alphas_cumprod("cosine", 1000)
    g = torch.Generator().manual_seed(seed)
    return sample(GaussianOracle(abar), abar, (N // 256, 1, 16, 16), steps, sampler=sampler, spacing="trailing",
                  clip_sample=False, noise=NoiseSource(g), **kwargs)


@pytest.mark.parametrize("sampler,steps,eta,variance,tol_mean,tol_std", CASES)
def test_sampler_reproduces_the_gaussian_data_distribution(sampler, steps, eta, variance, tol_mean, tol_std):
    x = oracle_sample(steps, sampler, eta=eta, variance_type=variance)
    assert float(x.mean()) == pytest.approx(MU, abs=tol_mean)
    assert float(x.std()) == pytest.approx(S, abs=tol_std)


def test_a_wrong_sampler_would_fail_the_oracle_test():
    """The tolerances above separate right from wrong: one DDIM step from pure noise returns the
    posterior mean E[x0 | x_T], whose spread is nearly zero."""
    x = oracle_sample(1, "ddim")
    assert abs(float(x.std()) - S) > 0.4


def test_ddim_with_eta_one_is_ddpm_with_posterior_variance():
    """With eta = 1, sigma^2 is DDPM's beta-tilde, so both samplers take identical steps and draw
    identical noise: the two equations of the contract must agree (to float32 round-off)."""
    a = oracle_sample(25, "ddim", seed=5, eta=1.0)
    b = oracle_sample(25, "ddpm", seed=5, variance_type="fixed_small")
    assert torch.allclose(a, b, atol=1e-5)


def test_fixed_large_variance_spreads_more_than_fixed_small():
    small = oracle_sample(50, "ddpm", seed=6, variance_type="fixed_small")
    large = oracle_sample(50, "ddpm", seed=6, variance_type="fixed_large")
    assert float(small.std()) < S < float(large.std())


@pytest.mark.parametrize("sampler,eta,expected_draws", [("ddpm", 0.0, 9), ("ddim", 0.5, 9), ("ddim", 0.0, 0),
                                                        ("dpm++2m", 0.0, 0)])
def test_replaying_recorded_noise_reproduces_the_sample(sampler, eta, expected_draws):
    abar = make_alphas_cumprod("cosine", 1000)
    net = GaussianOracle(abar)
    shape = (2, 1, 8, 8)
    x_init = torch.randn(shape, generator=torch.Generator().manual_seed(1))
    rec = NoiseSource(torch.Generator().manual_seed(2))
    a = sample(net, abar, shape, 10, sampler=sampler, eta=eta, noise=rec, x_init=x_init)
    assert len(rec.drawn) == expected_draws          # x_init given: only the per-step z are drawn
    b = sample(net, abar, shape, 10, sampler=sampler, eta=eta, noise=ReplayNoise(rec.drawn), x_init=x_init)
    assert torch.equal(a, b)


def test_without_x_init_the_initial_noise_is_drawn_and_recorded_first():
    abar = make_alphas_cumprod("cosine", 1000)
    rec = NoiseSource(torch.Generator().manual_seed(3))
    sample(GaussianOracle(abar), abar, (1, 1, 4, 4), 5, sampler="ddpm", noise=rec)
    assert len(rec.drawn) == 1 + 4


def test_unknown_sampler_is_refused():
    abar = make_alphas_cumprod("cosine", 1000)
    with pytest.raises(ValueError, match="use ddpm, ddim or dpm\\+\\+2m"):
        sample(GaussianOracle(abar), abar, (1, 1, 4, 4), 5, sampler="euler")


def test_dpm_solver_last_step_returns_x0_hat():
    """MODEL_CONTRACT: on the last step (s = -1) DPM-Solver++ returns x0_hat itself."""
    abar = make_alphas_cumprod("linear", 1000)
    net = GaussianOracle(abar)
    x = torch.randn(1, 1, 4, 4, generator=torch.Generator().manual_seed(4))
    out = sample(net, abar, x.shape, 1, sampler="dpm++2m", clip_sample=False, x_init=x)
    a = abar[999]
    expected = (x - math.sqrt(1 - a) * net(x, torch.tensor([999.0]))) / math.sqrt(a)
    assert torch.allclose(out, expected, atol=1e-6)
