"""The model card: it states the run's own batch, learning rate and timestep sampling (from the
checkpoint), inserts the notes it is given, and draws the loss curve."""
import os

from conftest import tiny_config
from diffusion_ij_train.export import main as export_main
from diffusion_ij_train.model_card import main as card_main
from diffusion_ij_train.train import train


def test_card_reads_the_training_settings_from_the_checkpoint(tmp_path, fashion_folder):
    cfg = tiny_config(tmp_path, fashion_folder, steps=2, batch=4, lr=1e-3, warmup=7, t_sampling="restoration")
    train(cfg)
    out = str(tmp_path / "m.onnx")
    export_main(["--run-dir", cfg.run_dir, "--out", out, "--bioimage", "none"])
    notes = tmp_path / "notes.md"
    notes.write_text("**Status:** a test model.\n")
    card_main(["--run-dir", cfg.run_dir, "--onnx", out, "--hardware", "a test", "--notes", str(notes),
               "--no-samples", "--regenerate", "Regenerate: run the test."])
    text = open(tmp_path / "m.md").read()
    assert "2 steps at batch 4, AdamW lr 0.001 (7 warm-up steps)" in text
    assert "timesteps: restoration" in text
    assert "**Status:** a test model." in text and "Regenerate: run the test." in text
    assert "samples.png" not in text
    assert os.path.getsize(tmp_path / "m.loss.png") > 1000
