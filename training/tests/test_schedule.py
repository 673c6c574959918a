"""Schedules and timestep lists against independent computations and diffusers' documented lists."""
import math

import numpy as np
import pytest

from diffusion_ij_train.schedule import make_alphas_cumprod, timesteps


def test_linear_schedule_is_the_cumulative_product_of_linear_betas():
    abar = make_alphas_cumprod("linear", 1000, 1e-4, 0.02)
    assert abar[0] == pytest.approx(1 - 1e-4, abs=1e-15)
    assert abar[1] == pytest.approx((1 - 1e-4) * (1 - (1e-4 + (0.02 - 1e-4) / 999)), rel=1e-14)
    expected_last = math.prod(1 - (1e-4 + i * (0.02 - 1e-4) / 999) for i in range(1000))
    assert abar[-1] == pytest.approx(expected_last, rel=1e-10)   # float64 product over 1000 terms
    assert abar[-1] == pytest.approx(4.0358e-5, rel=1e-4)


def test_cosine_schedule_follows_the_closed_form_until_the_beta_cap():
    T, s = 1000, 0.008
    abar = make_alphas_cumprod("cosine", T)
    f = lambda t: math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    for t in (0, 1, 10, 500, 900, 997):
        assert abar[t] == pytest.approx(f(t + 1) / f(0), rel=1e-9), t
    # The last beta would be ~1; Nichol & Dhariwal cap it at 0.999.
    assert abar[999] == pytest.approx(abar[998] * (1 - 0.999), rel=1e-12)


@pytest.mark.parametrize("name", ["linear", "cosine"])
def test_schedules_are_strictly_decreasing_in_zero_one(name):
    abar = make_alphas_cumprod(name, 1000)
    assert len(abar) == 1000
    assert np.all(abar > 0) and np.all(abar <= 1)
    assert np.all(np.diff(abar) < 0)


def test_unknown_schedule_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="use 'linear' or 'cosine'"):
        make_alphas_cumprod("sigmoid")


def test_timestep_lists_match_diffusers_spacings():
    assert timesteps(1000, 10, "linspace") == [999, 888, 777, 666, 555, 444, 333, 222, 111, 0]
    assert timesteps(1000, 10, "leading") == [900, 800, 700, 600, 500, 400, 300, 200, 100, 0]
    assert timesteps(1000, 10, "trailing") == [999, 899, 799, 699, 599, 499, 399, 299, 199, 99]
    assert timesteps(1000, 1, "trailing") == [999]
    assert timesteps(1000, 1000, "trailing") == list(range(999, -1, -1))
    assert timesteps(1000, 3, "trailing") == [999, 666, 332]


def test_bad_timestep_requests_are_refused():
    with pytest.raises(ValueError, match="steps must be in 1..1000"):
        timesteps(1000, 0)
    with pytest.raises(ValueError, match="use linspace, leading or trailing"):
        timesteps(1000, 10, "uniform")


def test_trailing_lists_have_exactly_the_requested_length():
    # np.arange(T, 0, -T/S) returns S+1 values for some S (61 at T=1000); ours never does.
    for steps in range(1, 1001):
        ts = timesteps(1000, steps, "trailing")
        assert len(ts) == steps and ts[0] == 999 and ts[-1] >= 0
        assert all(a > b for a, b in zip(ts, ts[1:]))
    assert timesteps(1000, 61, "trailing")[-3:] == [48, 32, 15]
