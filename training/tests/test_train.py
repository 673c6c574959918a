"""The training loop: it learns, it resumes exactly, its checkpoints load weights-only, and two
data-parallel processes keep identical weights."""
import csv
import os
import subprocess
import sys

import pytest
import torch

from conftest import REPO, TRAINING, tiny_config
from diffusion_ij_train.train import checkpoint_path, infinite_batches, load_checkpoint, train
from diffusion_ij_train.train import main as train_main


def read_log(run_dir):
    with open(os.path.join(run_dir, "log.csv"), newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["step", "loss", "lr", "images_per_s", "elapsed_s"]
    return [(int(r[0]), r[1], r[2]) for r in rows[1:]]   # drop the timing columns


def test_a_tiny_training_run_lowers_the_loss(tmp_path, fashion_folder):
    cfg = tiny_config(tmp_path, fashion_folder, steps=100, batch=8, lr=3e-3, warmup=20)
    train(cfg)
    losses = [float(loss) for _, loss, _ in read_log(cfg.run_dir)]
    assert len(losses) == 100
    first, last = sum(losses[:20]) / 20, sum(losses[-20:]) / 20
    # An untrained net (zero output layer) has loss E[eps^2] = 1; the per-step loss is noisy (random
    # t), a mean over 20 steps varies by about +-0.04. Measured: 0.86 -> 0.16.
    assert first > 0.6
    assert last < 0.5 * first


def test_resume_continues_the_same_run_exactly(tmp_path, fashion_folder):
    straight = tiny_config(tmp_path / "a", fashion_folder, steps=12, checkpoint_every=6, log_every=3)
    train(straight)
    first_half = tiny_config(tmp_path / "b", fashion_folder, steps=6, checkpoint_every=6, log_every=3)
    train(first_half)
    # A run killed after its checkpoint may have logged further steps: resume must drop them.
    with open(os.path.join(first_half.run_dir, "log.csv"), "a") as f:
        f.write("9,0.5,0.001,1.0,1.0\n")
    second_half = tiny_config(tmp_path / "b", fashion_folder, steps=12, checkpoint_every=6, log_every=3,
                              resume=True)
    train(second_half)

    a, b = load_checkpoint(checkpoint_path(straight.run_dir)), load_checkpoint(checkpoint_path(second_half.run_dir))
    assert a["step"] == b["step"] == 12
    for part in ("model", "ema"):
        for name, tensor in a[part].items():
            assert torch.equal(tensor, b[part][name]), f"{part}.{name} differs after resume"
    for key, state in a["opt"]["state"].items():
        for field, value in state.items():
            assert torch.equal(value, b["opt"]["state"][key][field]), f"optimiser {key}.{field} differs"
    assert torch.equal(a["rng"], b["rng"])
    assert read_log(straight.run_dir) == read_log(second_half.run_dir)
    assert [r[0] for r in read_log(straight.run_dir)] == [3, 6, 9, 12]


def test_checkpoints_load_weights_only(tmp_path, fashion_folder):
    cfg = tiny_config(tmp_path, fashion_folder, steps=2)
    train(cfg)
    raw = torch.load(checkpoint_path(cfg.run_dir), map_location="cpu", weights_only=True)
    assert set(raw) >= {"model", "ema", "opt_state", "opt_param_groups", "meta", "rng"}
    ckpt = load_checkpoint(checkpoint_path(cfg.run_dir))
    assert ckpt["step"] == 2 and ckpt["config"]["base_channels"] == 8 and ckpt["cuda_rng"] is None


def test_data_order_is_a_function_of_the_step():
    data = list(range(10))
    pick = lambda batches: [next(batches).tolist() for _ in range(4)]
    as_tensor = type("D", (), {"__len__": lambda s: 10, "__getitem__": lambda s, i: torch.tensor(data[i])})()
    whole = pick(infinite_batches(as_tensor, 4, 7, 0, 1))
    assert pick(infinite_batches(as_tensor, 4, 7, 0, 1, start=2)) == whole[2:] + pick(
        infinite_batches(as_tensor, 4, 7, 0, 1, start=4))[:2]
    # every item once per epoch, across epoch boundaries
    flat = [i for batch in pick(infinite_batches(as_tensor, 5, 7, 0, 1)) for i in batch]
    assert sorted(flat[:10]) == data and sorted(flat[10:]) == data
    # two ranks take disjoint halves of each global batch
    r0, r1 = pick(infinite_batches(as_tensor, 5, 7, 0, 2)), pick(infinite_batches(as_tensor, 5, 7, 1, 2))
    assert sorted(r0[0] + r1[0]) == data


def test_a_data_set_smaller_than_the_batch_still_trains(tmp_path):
    from conftest import fashion_pngs
    folder = fashion_pngs(tmp_path / "two", count=2)
    cfg = tiny_config(tmp_path, folder, steps=2, batch=8)
    assert train(cfg)[2] == 2


def test_a_patch_size_the_network_cannot_halve_is_refused(tmp_path, fashion_folder):
    cfg = tiny_config(tmp_path, fashion_folder, size=15)
    with pytest.raises(ValueError, match="--size 15 is not a multiple of 2.*use e.g. --size 14"):
        train(cfg)


DDP_WORKER = r"""
import sys, torch
sys.path.insert(0, {training!r}); sys.path.insert(0, {tests!r})
from conftest import tiny_config
from diffusion_ij_train.train import train
import pathlib, torch.distributed as dist
out = pathlib.Path({out!r})
cfg = tiny_config(out, {data!r}, steps=4, batch=8, log_every=2)
net, ema, step = train(cfg)
rank = int(__import__("os").environ["RANK"])
torch.save(net.state_dict(), out / f"rank{{rank}}.pt")
"""


def test_two_data_parallel_processes_keep_identical_weights(tmp_path, fashion_folder):
    worker = tmp_path / "worker.py"
    worker.write_text(DDP_WORKER.format(training=TRAINING, tests=os.path.dirname(__file__), out=str(tmp_path),
                                        data=str(fashion_folder)))
    env = dict(os.environ, PYTHONPATH=TRAINING, OMP_NUM_THREADS="1")
    run = subprocess.run([sys.executable, "-m", "diffusion_ij_train.torchrun", "--standalone", "--nproc_per_node", "2",
                          str(worker)], env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 process(es)" in run.stdout
    r0 = torch.load(tmp_path / "rank0.pt", weights_only=True)
    r1 = torch.load(tmp_path / "rank1.pt", weights_only=True)
    ckpt = load_checkpoint(checkpoint_path(str(tmp_path / "run")))
    assert ckpt["step"] == 4
    for name, tensor in r0.items():
        assert torch.equal(tensor, r1[name]), f"{name} differs between the ranks"
        assert torch.equal(tensor, ckpt["model"][name])
    # conv_out starts at zero: non-zero weights show the four steps were real
    assert any(t.abs().sum() > 0 for n, t in r0.items() if n.startswith("conv_out"))


def test_scripts_train_resolves_paths_from_the_callers_directory(tmp_path, fashion_folder):
    script = os.path.join(REPO, "scripts", "train")
    data = os.path.relpath(fashion_folder, tmp_path)      # e.g. ../../fashion0/data
    run = subprocess.run([script, "--data", data, "--size", "16", "--steps", "2", "--batch", "2",
                          "--base-channels", "8", "--channel-mult", "1,2", "--num-res-blocks", "1",
                          "--attention-levels", "1", "--threads", "1", "--device", "cpu", "--sample-every", "0",
                          "--run-dir", "myrun"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert os.path.exists(tmp_path / "myrun" / "checkpoint.pt")
    bad = subprocess.run([script, "--torchrun", "two"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--torchrun needs a positive process count" in bad.stderr


def test_bad_input_ends_with_a_message_and_status_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        train_main(["--data", str(tmp_path / "nowhere"), "--device", "cpu", "--run-dir", str(tmp_path / "r")])
    assert exit_.value.code == 2
    assert "nowhere does not exist" in capsys.readouterr().err


def test_uniform_timestep_sampling_is_the_old_draw():
    from diffusion_ij_train.schedule import make_alphas_cumprod
    from diffusion_ij_train.train import sample_timesteps
    abar = torch.tensor(make_alphas_cumprod("cosine"), dtype=torch.float32)
    torch.manual_seed(5)
    old = torch.randint(0, 1000, (64,))
    torch.manual_seed(5)
    assert torch.equal(sample_timesteps(64, abar, "uniform"), old)


def test_restoration_sampling_puts_half_of_each_batch_in_the_denoising_band():
    from diffusion_ij_train.schedule import make_alphas_cumprod
    from diffusion_ij_train.train import RESTORATION_SIGMA, sample_timesteps
    abar = torch.tensor(make_alphas_cumprod("cosine"), dtype=torch.float32)
    sigma = ((1 - abar) / abar).sqrt()
    torch.manual_seed(0)
    t = torch.cat([sample_timesteps(64, abar, "restoration") for _ in range(50)]).view(50, 64)
    band = t[:, :32].flatten()
    lo, hi = RESTORATION_SIGMA
    # the first timestep at or above each drawn level: inside the band up to one step of the schedule
    assert (sigma[band] >= lo).all() and (sigma[(band - 1).clamp(min=0)] <= hi).all()
    assert band.min() < 40 and band.max() > 250          # log-uniform: both ends of the band are reached
    rest = t[:, 32:].flatten()
    assert rest.max() > 900 and (rest > 500).float().mean() > 0.4   # the other half still covers all of T
    with pytest.raises(ValueError, match="unknown --t-sampling 'loud'"):
        sample_timesteps(4, abar, "loud")


def test_a_restoration_run_trains_and_keeps_its_options_in_the_checkpoint(tmp_path, fashion_folder):
    cfg = tiny_config(tmp_path, fashion_folder, steps=3, t_sampling="restoration", intensity_jitter=0.5)
    train(cfg)
    saved = load_checkpoint(checkpoint_path(cfg.run_dir))["config"]
    assert saved["t_sampling"] == "restoration" and saved["intensity_jitter"] == 0.5


def test_command_line_takes_the_restoration_options():
    from diffusion_ij_train.train import parse_args
    cfg = parse_args(["--t-sampling", "restoration", "--intensity-jitter", "0.3", "--warmup", "50"])
    assert (cfg.t_sampling, cfg.intensity_jitter, cfg.warmup) == ("restoration", 0.3, 50)
    old = parse_args([])
    assert (old.t_sampling, old.intensity_jitter, old.warmup) == ("uniform", 0.0, 500)
