"""The committed golden fixtures (src/test/resources/golden) are complete and self-consistent;
with DIJ_SLOW_TESTS=1 they are also regenerated and compared byte for byte."""
import os

import numpy as np
import onnx
import pytest

from conftest import REPO

GOLDEN = os.path.join(REPO, "src", "test", "resources", "golden")
REQUIRED = {"ddim_eta0": ("ddim", 10, "trailing", "true"), "ddim_eta05": ("ddim", 10, "leading", "false"),
            "ddpm_small": ("ddpm", 10, "linspace", "true"), "ddpm_large": ("ddpm", 8, "trailing", "false"),
            "dpmpp2m": ("dpm++2m", 10, "trailing", "true"), "dpmpp2m_noclip": ("dpm++2m", 15, "linspace", "false")}


def properties(name):
    with open(os.path.join(GOLDEN, name + ".properties")) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line and not line.startswith("#"))


def f32(name):
    return np.fromfile(os.path.join(GOLDEN, name), dtype="<f4")


def cases():
    return sorted(n[:-len(".properties")] for n in os.listdir(GOLDEN)
                  if n.endswith(".properties") and n not in ("network.properties", "nf16.properties"))


def test_every_required_case_is_there_as_golden_md_lists_it():
    for name, (sampler, steps, spacing, clip) in REQUIRED.items():
        p = properties(name)
        assert (p["sampler"], int(p["steps"]), p["spacing"], p["clip_sample"]) == (sampler, steps, spacing, clip)
        assert (p["n"], p["c"], p["h"], p["w"]) == ("2", "1", "16", "16")
    assert properties("ddim_eta05")["eta"] == "0.5" and properties("ddpm_large")["variance_type"] == "fixed_large"


@pytest.mark.parametrize("name", cases())
def test_case_files_have_the_stated_sizes_and_draw_counts(name):
    p = properties(name)
    per = int(p["n"]) * int(p["c"]) * int(p["h"]) * int(p["w"])
    draws = int(p["noise_draws"])
    steps = int(p["steps"])
    stochastic = p["sampler"] == "ddpm" or (p["sampler"] == "ddim" and float(p["eta"]) > 0)
    assert draws == (steps - 1 if stochastic else 0)     # no z on the last step
    assert f32(name + ".x_init.f32").size == per
    assert f32(name + ".noise.f32").size == draws * per
    x_out = f32(name + ".x_out.f32")
    assert x_out.size == per and np.isfinite(x_out).all()
    if p["clip_sample"] == "true" and p["sampler"] == "dpm++2m":
        assert np.abs(x_out).max() <= 1.0                 # the last step returns the clipped x0_hat


def test_network_case_and_model_metadata():
    p = properties("network")
    n, c, h, w = (int(p[k]) for k in "nchw")
    assert f32("network.x.f32").size == n * c * h * w == f32("network.eps.f32").size
    assert list(f32("network.t.f32")) == [0.0, 437.5, 999.0]
    meta = {q.key: q.value for q in onnx.load(os.path.join(GOLDEN, "tiny.onnx")).metadata_props}
    assert (meta["beta_schedule"], meta["num_train_timesteps"], meta["in_channels"], meta["size_multiple"]) == \
        ("cosine", "1000", "1", "2")
    assert len(meta["alphas_cumprod"].split(",")) == 1000


def test_norm_free_network_case_and_model_metadata():
    p = properties("nf16")
    n, c, h, w = (int(p[k]) for k in "nchw")
    assert f32("nf16.x.f32").size == n * c * h * w == f32("nf16.eps.f32").size
    assert list(f32("nf16.t.f32")) == [25.0, 600.0]
    meta = {q.key: q.value for q in onnx.load(os.path.join(GOLDEN, "nf16.onnx")).metadata_props}
    assert meta["model.architecture"] == "UNet ch=16 mult=1,2 res_blocks=1 attn_levels=1 norm=none"


def test_fixture_directory_stays_small():
    total = sum(os.path.getsize(os.path.join(GOLDEN, n)) for n in os.listdir(GOLDEN))
    assert total < 2 * 1024 * 1024


@pytest.mark.skipif(os.environ.get("DIJ_SLOW_TESTS") != "1", reason="regenerates the fixtures (about a minute "
                    "of CPU); run with DIJ_SLOW_TESTS=1")
def test_regenerating_gives_the_committed_bytes(tmp_path):
    from diffusion_ij_train import fixtures
    fixtures.main(["--out", str(tmp_path)])
    for name in os.listdir(GOLDEN):
        if name.endswith((".f32", ".properties")):
            with open(os.path.join(GOLDEN, name), "rb") as a, open(tmp_path / name, "rb") as b:
                assert a.read() == b.read(), name
    weights = lambda path: [i.raw_data for i in onnx.load(str(path)).graph.initializer]
    for model in ("tiny.onnx", "nf16.onnx"):
        assert weights(os.path.join(GOLDEN, model)) == weights(tmp_path / model)
