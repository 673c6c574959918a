"""ONNX export: the graph and metadata of models/MODEL_CONTRACT.md, a valid model, and (where the
installed onnx has a reference evaluator) the same numbers as PyTorch."""
import os

import numpy as np
import onnx
from onnx import numpy_helper
import pytest
import torch

from conftest import tiny_config
from diffusion_ij_train.export import export_onnx, main as export_main
from diffusion_ij_train.folder import ImageFolder
from diffusion_ij_train.schedule import make_alphas_cumprod
from diffusion_ij_train.train import train
from diffusion_ij_train.unet import UNet, count_parameters

CONTRACT_KEYS = {"diffusion_ij.format", "prediction_type", "num_train_timesteps", "beta_schedule", "beta_start",
                 "beta_end", "cosine_s", "alphas_cumprod", "variance_type", "in_channels", "sample_size",
                 "size_multiple", "intensity_mapping", "intensity_low", "intensity_high", "model.name",
                 "model.dataset", "model.data_license", "model.train_steps", "model.ema_decay", "model.parameters",
                 "model.architecture", "model.created", "model.description"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, fashion_folder):
    tmp_path = tmp_path_factory.mktemp("exported")
    cfg = tiny_config(tmp_path, fashion_folder, steps=3, out=str(tmp_path / "tiny.onnx"), name="tiny-test")
    net, ema, step = train(cfg)   # training exports when it finishes
    return cfg, ema, onnx.load(cfg.out)


def meta(model):
    return {p.key: p.value for p in model.metadata_props}


def test_metadata_follows_the_contract(exported):
    cfg, ema, model = exported
    m = meta(model)
    assert CONTRACT_KEYS <= set(m), f"missing: {CONTRACT_KEYS - set(m)}"
    assert m["diffusion_ij.format"] == "1" and m["prediction_type"] == "epsilon"
    assert m["num_train_timesteps"] == "1000" and m["beta_schedule"] == "cosine"
    abar = [float(v) for v in m["alphas_cumprod"].split(",")]
    assert len(abar) == 1000
    assert all(0 < a <= 1 for a in abar) and all(a > b for a, b in zip(abar, abar[1:]))
    # repr() round-trips doubles exactly: the table is the schedule, bit for bit
    assert abar == list(make_alphas_cumprod("cosine", 1000))
    assert m["in_channels"] == "1" and m["sample_size"] == "16" and m["size_multiple"] == "2"
    assert m["intensity_mapping"] == "fixed" and float(m["intensity_low"]) < float(m["intensity_high"])
    assert (m["intensity_low"], m["intensity_high"]) == ("0", "255")       # 8-bit PNGs, auto
    assert m["model.name"] == "tiny-test" and m["model.train_steps"] == "3"
    assert m["model.parameters"] == str(count_parameters(ema))
    assert m["variance_type"] == "fixed_small"


def test_graph_has_the_contract_inputs_and_outputs(exported):
    _, _, model = exported
    onnx.checker.check_model(model)
    assert model.opset_import[0].version == 17
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    inputs = {i.name: i for i in model.graph.input}
    outputs = {o.name: o for o in model.graph.output}
    assert set(inputs) == {"x", "t"} and set(outputs) == {"eps"}
    assert dims(inputs["x"]) == ["N", 1, "H", "W"]
    assert dims(inputs["t"]) == ["N"]
    assert dims(outputs["eps"]) == ["N", 1, "H", "W"]
    for v in (inputs["x"], inputs["t"], outputs["eps"]):
        assert v.type.tensor_type.elem_type == onnx.TensorProto.FLOAT


def test_exported_network_computes_what_pytorch_computes(exported):
    reference = pytest.importorskip("onnx.reference", reason="onnx < 1.13 has no reference evaluator; the Java "
                                    "golden-fixture test compares tiny.onnx with PyTorch under ONNX Runtime")
    cfg, ema, model = exported
    x = torch.randn(2, 1, 24, 16, generator=torch.Generator().manual_seed(0))   # not the export shape
    t = torch.tensor([3.0, 811.5])
    with torch.no_grad():
        expected = ema(x, t).numpy()
    got = reference.ReferenceEvaluator(model).run(None, {"x": x.numpy(), "t": t.numpy()})[0]
    np.testing.assert_allclose(got, expected, atol=1e-4)   # float32 kernels in another order


def test_export_from_a_checkpoint_on_the_command_line(tmp_path, exported, capsys):
    cfg, ema, model = exported
    out = tmp_path / "again.onnx"
    export_main(["--run-dir", cfg.run_dir, "--out", str(out), "--name", "again"])
    assert "exported" in capsys.readouterr().out
    again = onnx.load(str(out))
    m = meta(again)
    assert m["model.name"] == "again" and m["model.train_steps"] == "3"
    # the same EMA weights as the export at the end of training
    weights = lambda mod: {i.name: numpy_helper.to_array(i).tobytes() for i in mod.graph.initializer}
    assert weights(again) == weights(model)
    assert not os.path.exists(str(out) + ".tmp")


def test_export_without_a_checkpoint_says_to_train_first(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        export_main(["--run-dir", str(tmp_path / "none"), "--out", str(tmp_path / "x.onnx")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "no checkpoint" in err and "train first" in err


def test_percentile_normalisation_reaches_the_metadata(tmp_path):
    import tifffile
    folder = tmp_path / "tif"
    folder.mkdir()
    tifffile.imwrite(folder / "a.tif", np.arange(32 * 32, dtype=np.uint16).reshape(32, 32))
    cfg = tiny_config(tmp_path, folder)
    net = UNet(cfg.unet_config())
    out = str(tmp_path / "p.onnx")
    export_onnx(net, cfg, ImageFolder(str(folder), 16, 1, "auto"), 0, out)
    m = meta(onnx.load(out))
    assert (m["intensity_mapping"], m["percentile_low"], m["percentile_high"]) == ("percentile", "1", "99.8")
    assert "intensity_low" not in m
