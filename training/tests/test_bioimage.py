"""The bioimage.io package that export writes beside the ONNX file: a format-0.5 rdf.yaml whose every file
is in the zip with its checksum, the very ONNX file, a test pair the network reproduces, a cover, and the
diffusion definition in config."""
import hashlib
import io
import os
import zipfile

import numpy as np
import onnx
import pytest
import torch
import yaml
from PIL import Image

from conftest import tiny_config
from diffusion_ij_train.export import main as export_main
from diffusion_ij_train.schedule import make_alphas_cumprod
from diffusion_ij_train.train import train


@pytest.fixture(scope="module")
def package(tmp_path_factory, fashion_folder):
    tmp = tmp_path_factory.mktemp("bioimage")
    cfg = tiny_config(tmp, fashion_folder, steps=3, name="tiny-test")
    net, ema, _ = train(cfg)
    out = str(tmp / "tiny.onnx")
    (tmp / "tiny.md").write_text("# Model card: tiny\n")
    export_main(["--run-dir", cfg.run_dir, "--out", out, "--data-license", "MIT (Fashion-MNIST)"])
    z = zipfile.ZipFile(tmp / "tiny.bioimage.zip")
    return cfg, ema, out, z, yaml.safe_load(z.read("rdf.yaml"))


def test_rdf_is_a_format_0_5_model_with_inputs_outputs_and_onnx_weights(package):
    cfg, ema, out, z, rdf = package
    assert rdf["type"] == "model" and rdf["format_version"].startswith("0.5.")
    for key in ("name", "description", "authors", "cite", "license", "documentation", "covers", "timestamp"):
        assert rdf[key], key
    assert [t["id"] for t in rdf["inputs"]] == ["x", "t"] and [t["id"] for t in rdf["outputs"]] == ["eps"]
    x_axes = rdf["inputs"][0]["axes"]
    assert [a["type"] for a in x_axes] == ["batch", "channel", "space", "space"]
    assert x_axes[2]["size"] == {"min": 2, "step": 2}          # tiny net: one downsampling
    assert rdf["outputs"][0]["axes"][3]["size"] == {"tensor_id": "x", "axis_id": "x"}
    assert rdf["weights"]["onnx"]["opset_version"] == 17
    assert b"&id" not in z.read("rdf.yaml")                   # plain YAML: no anchors for simple readers


def test_every_file_named_in_the_rdf_is_in_the_zip_with_its_checksum(package):
    cfg, ema, out, z, rdf = package
    named = [rdf["weights"]["onnx"], *(t["test_tensor"] for t in rdf["inputs"] + rdf["outputs"])]
    for f in named:
        assert hashlib.sha256(z.read(f["source"])).hexdigest() == f["sha256"], f["source"]
    for f in rdf["covers"] + [rdf["documentation"]]:
        assert f in z.namelist()
    assert z.read(rdf["weights"]["onnx"]["source"]) == open(out, "rb").read()
    assert z.read("README.md") == b"# Model card: tiny\n"
    assert Image.open(io.BytesIO(z.read("cover.png"))).size[1] == 128


def test_the_test_output_is_what_the_network_computes_on_the_test_input(package):
    cfg, ema, out, z, rdf = package
    load = lambda name: np.load(io.BytesIO(z.read(name)))
    x, t, eps = load("test_input_x.npy"), load("test_input_t.npy"), load("test_output_eps.npy")
    assert x.shape == (1, 1, 64, 64) and t.shape == (1,) and eps.shape == x.shape and eps.dtype == np.float32
    with torch.no_grad():
        again = ema.eval()(torch.from_numpy(x), torch.from_numpy(t)).numpy()
    np.testing.assert_allclose(eps, again, atol=1e-5)
    assert np.abs(eps).max() > 0


def test_config_carries_the_diffusion_definition_of_the_onnx_metadata(package):
    cfg, ema, out, z, rdf = package
    d = rdf["config"]["diffusion_ij"]
    meta = {m.key: m.value for m in onnx.load(out).metadata_props}
    assert d["prediction_type"] == "epsilon" and d["num_train_timesteps"] == 1000
    np.testing.assert_allclose(d["alphas_cumprod"], make_alphas_cumprod(cfg.schedule), rtol=1e-15)
    assert (d["intensity_mapping"], d["intensity_low"], d["intensity_high"]) == ("fixed", "0", "255")
    assert d["sample_size"] == 16 and d["size_multiple"] == 2
    assert meta["model.data_license"] == d["model.data_license"] == "MIT (Fashion-MNIST)"


def test_bioimage_none_skips_the_package(tmp_path, package):
    cfg, ema, out, z, rdf = package
    target = str(tmp_path / "again.onnx")
    export_main(["--run-dir", cfg.run_dir, "--out", target, "--bioimage", "none"])
    assert os.path.exists(target) and not os.path.exists(str(tmp_path / "again.bioimage.zip"))
