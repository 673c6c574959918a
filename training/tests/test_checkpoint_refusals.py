"""Checkpoints the trainer did not write, and runs that could not train, end in one line and status 2:
no traceback, and never PyTorch's advice to load with weights_only=False (which runs the file's code)."""
import os

import pytest
import torch

from conftest import tiny_config
from diffusion_ij_train.export import main as export_main
from diffusion_ij_train.train import checkpoint_path, main as train_main, train


class Planted:
    """Unpickling this would create a marker file: proof that code in a checkpoint ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def run_main(main, argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "weights_only" not in err, err
    return lines[0]


def resume(run_dir, data, capsys):
    return run_main(train_main, ["--data", str(data), "--device", "cpu", "--run-dir", str(run_dir), "--resume",
                                 "--steps", "2", "--batch", "4", "--size", "16", "--channel-mult", "1,2",
                                 "--base-channels", "8", "--num-res-blocks", "1", "--attention-levels", "",
                                 "--sample-every", "0"], capsys)


def export(run_dir, out, capsys):
    return run_main(export_main, ["--run-dir", str(run_dir), "--out", str(out)], capsys)


def test_a_checkpoint_with_code_in_it_is_refused_without_running_it(tmp_path, fashion_folder, capsys):
    run = tmp_path / "run"
    run.mkdir()
    marker = tmp_path / "code-ran"
    torch.save({"meta": Planted(str(marker)), "model": {}}, checkpoint_path(str(run)))
    path = checkpoint_path(str(run))
    expected = (f"error: {path} is not a checkpoint this trainer wrote (UnpicklingError; only tensors and plain data "
                f"are ever loaded): remove it, or use another --run-dir")
    assert resume(run, fashion_folder, capsys) == expected
    assert export(run, tmp_path / "x.onnx", capsys) == expected
    assert not marker.exists(), "the checkpoint's code ran"
    assert not (tmp_path / "x.onnx").exists()
    assert sorted(os.listdir(run)) == ["checkpoint.pt"], "nothing else written"


def test_a_foreign_checkpoint_is_named_as_foreign(tmp_path, fashion_folder, capsys):
    run = tmp_path / "run"
    run.mkdir()
    torch.save({"state_dict": {"w": torch.zeros(2)}}, checkpoint_path(str(run)))
    path = checkpoint_path(str(run))
    expected = (f"error: {path} was not written by this trainer (missing or malformed entry 'meta'): remove it, or "
                f"use another --run-dir")
    assert resume(run, fashion_folder, capsys) == expected
    assert export(run, tmp_path / "x.onnx", capsys) == expected
    assert not (tmp_path / "x.onnx").exists()


def test_a_file_that_is_no_checkpoint_at_all_is_refused(tmp_path, fashion_folder, capsys):
    run = tmp_path / "run"
    run.mkdir()
    (run / "checkpoint.pt").write_bytes(b"PK\x03\x04 truncated zip")
    line = resume(run, fashion_folder, capsys)
    assert line.startswith(f"error: {checkpoint_path(str(run))} is not a checkpoint this trainer wrote ("), line
    assert export(run, tmp_path / "x.onnx", capsys) == line


def test_weights_that_do_not_fit_the_network_are_named(tmp_path, fashion_folder, capsys):
    cfg = tiny_config(tmp_path, fashion_folder, steps=1)
    train(cfg)
    path = checkpoint_path(cfg.run_dir)
    raw = torch.load(path, map_location="cpu", weights_only=True)
    raw["ema"].pop(next(iter(raw["ema"])))
    torch.save(raw, path)
    line = export(cfg.run_dir, tmp_path / "x.onnx", capsys)
    assert line.startswith(f"error: {path}: its EMA weights do not fit this network (Error(s) in loading "), line
    assert line.endswith(": remove it, or use another --run-dir"), line
    assert not (tmp_path / "x.onnx").exists()


def test_zero_steps_are_refused_before_anything_is_written(tmp_path, fashion_folder, capsys):
    run, out = tmp_path / "run", tmp_path / "m.onnx"
    line = run_main(train_main, ["--data", str(fashion_folder), "--device", "cpu", "--run-dir", str(run),
                                 "--steps", "0", "--out", str(out)], capsys)
    assert line == "error: --steps must be at least 1 (total optimiser steps), got 0"
    assert not run.exists() and not out.exists()
