"""The training loop, top to bottom: data -> UNet -> epsilon-MSE -> AdamW + EMA -> checkpoints -> ONNX.

Run as `python3 -m diffusion_ij_train.train --data fashion-mnist --out models/x.onnx`, or under
`torchrun --nproc_per_node=K` for data-parallel training (gloo on CPU, nccl on CUDA)."""
import argparse
import copy
import csv
import dataclasses
import json
import math
import os
import signal
import sys
import time
from dataclasses import dataclass, field, asdict
from typing import Optional, Tuple

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F

from .schedule import make_alphas_cumprod
from .unet import UNet, UNetConfig, count_parameters


@dataclass
class TrainConfig:
    data: str = "fashion-mnist"
    size: int = 32
    channels: int = 1
    steps: int = 20000
    batch: int = 64
    lr: float = 5e-4
    warmup: int = 500
    weight_decay: float = 0.0
    grad_clip: float = 1.0
    ema_decay: float = 0.999
    schedule: str = "cosine"
    timesteps: int = 1000
    beta_start: float = 1e-4
    beta_end: float = 0.02
    min_snr_gamma: float = 0.0          # 0 = plain epsilon-MSE; 5 = min-SNR-5 weighting
    t_sampling: str = "uniform"         # uniform | restoration (see sample_timesteps)
    intensity_jitter: float = 0.0       # folder data: random contrast/offset per patch, 0 = off
    variance_type: str = "fixed_small"
    base_channels: int = 32
    channel_mult: Tuple[int, ...] = (1, 2, 2)
    num_res_blocks: int = 2
    attention_levels: Tuple[int, ...] = (2,)
    dropout: float = 0.0
    norm: str = "group"                 # residual-block normalisation: group | none (unet.py)
    init_from: Optional[str] = None     # start from another run's checkpoint.pt (EMA weights, shapes that fit)
    normalize: str = "auto"             # folder data: auto | fixed:LOW,HIGH | percentile:PLOW,PHIGH
    seed: int = 0
    device: str = "auto"
    threads: int = 0                    # 0 = torch default
    checkpoint_every: int = 1000
    sample_every: int = 2000
    log_every: int = 50
    run_dir: str = "runs/default"
    out: Optional[str] = None
    name: str = ""
    resume: bool = False

    def unet_config(self):
        return UNetConfig(in_channels=self.channels, base_channels=self.base_channels,
                          channel_mult=tuple(self.channel_mult), num_res_blocks=self.num_res_blocks,
                          attention_levels=tuple(self.attention_levels), dropout=self.dropout, norm=self.norm)


# ---------------------------------------------------------------- distributed helpers

def dist_info():
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    return world, rank, local


def pick_device(name, local_rank=0):
    if name == "cpu" or (name == "auto" and not torch.cuda.is_available()):
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for but PyTorch sees no CUDA device; use --device cpu")
    return torch.device("cuda", local_rank)


# ---------------------------------------------------------------- data

def make_dataset(cfg):
    if cfg.data == "fashion-mnist":
        from .data import FashionMNIST
        if cfg.channels != 1:
            raise ValueError("Fashion-MNIST is grayscale: use --channels 1")
        return FashionMNIST("train", cfg.size)
    from .folder import ImageFolder
    return ImageFolder(cfg.data, cfg.size, cfg.channels, cfg.normalize, intensity_jitter=cfg.intensity_jitter)


def epoch_order(n, seed, epoch):
    """The shuffled order of epoch `epoch`: a function of (seed, epoch) alone."""
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))


def infinite_batches(dataset, batch, seed, rank, world, start=0):
    """Endless shuffled batches of `batch` items per rank, from optimiser step `start` on.

    The data order is one endless stream, epoch after epoch, each epoch shuffled by epoch_order;
    step k on rank r takes stream positions ((k * world + r) * batch ...) + batch - 1. Which images
    a step sees is thus a pure function of (seed, step, rank), so a resumed run continues exactly
    where the interrupted one stopped, the ranks never overlap within a step, and a dataset smaller
    than a batch still works."""
    n = len(dataset)
    if n == 0:
        raise ValueError("the training data set is empty")
    orders = {}
    step = start
    while True:
        first = (step * world + rank) * batch
        items = []
        for pos in range(first, first + batch):
            epoch = pos // n
            if epoch not in orders:
                orders = {e: o for e, o in orders.items() if e >= epoch - 1}
                orders[epoch] = epoch_order(n, seed, epoch)
            items.append(dataset[int(orders[epoch][pos % n])])
        yield torch.stack(items)
        step += 1


# ---------------------------------------------------------------- loss

# `restoration` sampling: the plugin mostly uses the network as a one-call denoiser of images with
# Gaussian noise of sigma ~5..60 (of 255), i.e. sigma' = sqrt((1 - abar) / abar) of about 0.04..0.5
# in model units, and runs samplers from such levels. Half of each batch is drawn log-uniformly in sigma'
# over this band, the other half uniformly over all T (so generation from pure noise still works).
RESTORATION_SIGMA = (0.03, 0.6)


def sample_timesteps(n, alphas_cumprod, mode="uniform"):
    T = len(alphas_cumprod)
    device = alphas_cumprod.device
    t = torch.randint(0, T, (n,), device=device)
    if mode == "uniform":
        return t
    if mode != "restoration":
        raise ValueError(f"unknown --t-sampling '{mode}': use uniform or restoration")
    sigma = ((1 - alphas_cumprod) / alphas_cumprod).sqrt()
    lo, hi = math.log(RESTORATION_SIGMA[0]), math.log(RESTORATION_SIGMA[1])
    k = n // 2
    target = torch.exp(lo + (hi - lo) * torch.rand(k, device=device))
    # sigma' grows with t: the first timestep at or above the target noise level
    t[:k] = torch.searchsorted(sigma.contiguous(), target).clamp(max=T - 1)
    return t


def diffusion_loss(net, x0, alphas_cumprod, min_snr_gamma=0.0, t_sampling="uniform"):
    n = x0.shape[0]
    t = sample_timesteps(n, alphas_cumprod, t_sampling)
    a = alphas_cumprod[t].view(n, 1, 1, 1)
    eps = torch.randn_like(x0)
    xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
    err = F.mse_loss(net(xt, t.float()), eps, reduction="none").mean(dim=(1, 2, 3))
    if min_snr_gamma > 0:
        snr = alphas_cumprod[t] / (1 - alphas_cumprod[t])
        err = err * torch.clamp(snr, max=min_snr_gamma) / snr
    return err.mean()


# ---------------------------------------------------------------- checkpoints

def checkpoint_path(run_dir):
    return os.path.join(run_dir, "checkpoint.pt")


def save_checkpoint(run_dir, net, ema, opt, step, cfg):
    # Everything that is not a tensor goes in as JSON text: PyTorch 1.13's weights-only
    # unpickler refuses plain Python floats.
    opt_state = opt.state_dict()
    state = {"model": net.state_dict(), "ema": ema.state_dict(), "opt_state": opt_state["state"],
             "opt_param_groups": json.dumps(opt_state["param_groups"]),
             "meta": json.dumps({"step": step, "config": config_to_dict(cfg)}), "rng": torch.get_rng_state()}
    device = next(net.parameters()).device
    if device.type == "cuda":   # optional key: the loss draws t and noise on the GPU's generator
        state["cuda_rng"] = torch.cuda.get_rng_state(device)
    tmp = checkpoint_path(run_dir) + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, checkpoint_path(run_dir))   # written whole or not at all


class CheckpointError(ValueError):
    """A checkpoint.pt this trainer cannot use: one line naming the file and what to do."""


def load_checkpoint(path, map_location="cpu"):
    """Weights-only load (a checkpoint can never execute code); returns model, ema, opt, step, config, rng.

    Anything else (a foreign file, a pickle with code in it, a truncated file) raises CheckpointError
    with one line. PyTorch's own message is never passed on: it ends with advice to retry with
    weights_only=False, which would run whatever code the file holds."""
    try:
        raw = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as e:   # UnpicklingError, RuntimeError (not a zip), EOFError, ...: all mean "not ours"
        raise CheckpointError(f"{path} is not a checkpoint this trainer wrote ({type(e).__name__}; only tensors "
                              f"and plain data are ever loaded): remove it, or use another --run-dir") from None
    try:
        meta = json.loads(raw["meta"])
        ckpt = {"model": raw["model"], "ema": raw["ema"], "rng": raw["rng"], "cuda_rng": raw.get("cuda_rng"),
                "step": int(meta["step"]), "config": dict(meta["config"]),
                "opt": {"state": raw["opt_state"], "param_groups": json.loads(raw["opt_param_groups"])}}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise CheckpointError(f"{path} was not written by this trainer (missing or malformed "
                              f"{_what(e)}): remove it, or use another --run-dir") from None
    return ckpt


def _what(e):
    return f"entry {e.args[0]!r}" if isinstance(e, KeyError) and e.args else type(e).__name__


def load_weights(module, state, path, part):
    """module.load_state_dict(state), with a one-line CheckpointError when the shapes or names differ."""
    try:
        module.load_state_dict(state)
    except (RuntimeError, KeyError, TypeError, ValueError, AttributeError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise CheckpointError(f"{path}: its {part} weights do not fit this network ({first[:160]}): remove it, "
                              f"or use another --run-dir") from None


def init_weights(net, state):
    """Copy every tensor of `state` whose name and size fit `net` (a 1x1 convolution takes a linear
    layer's weights); the rest keep their initialisation. Returns how many were copied."""
    own = net.state_dict()
    fitting = {k: v.reshape(own[k].shape) for k, v in state.items() if k in own and v.numel() == own[k].numel()}
    own.update(fitting)
    net.load_state_dict(own)
    return len(fitting)


def check_config(cfg):
    """Values no run can use, refused before anything is read or written."""
    if cfg.steps < 1:
        raise ValueError(f"--steps must be at least 1 (total optimiser steps), got {cfg.steps}")
    if cfg.batch < 1:
        raise ValueError(f"--batch must be at least 1, got {cfg.batch}")
    if cfg.init_from and not os.path.isfile(cfg.init_from):
        raise ValueError(f"--init-from {cfg.init_from}: no such file (give another run's checkpoint.pt)")


def config_to_dict(cfg):
    d = asdict(cfg)
    for k, v in d.items():
        if isinstance(v, tuple):
            d[k] = list(v)
    return d


def config_from_dict(d):
    names = {f.name for f in dataclasses.fields(TrainConfig)}
    d = {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items() if k in names}
    return TrainConfig(**d)


# ---------------------------------------------------------------- sample grid

def save_grid(images, path, nrow=8):
    from PIL import Image
    x = ((images.clamp(-1, 1) + 1) * 127.5).round().byte().cpu().numpy()
    n, c, h, w = x.shape
    rows = math.ceil(n / nrow)
    grid = np.zeros((rows * (h + 2) + 2, nrow * (w + 2) + 2, c), dtype=np.uint8)
    for i in range(n):
        r, q = divmod(i, nrow)
        grid[2 + r * (h + 2):2 + r * (h + 2) + h, 2 + q * (w + 2):2 + q * (w + 2) + w] = x[i].transpose(1, 2, 0)
    Image.fromarray(grid[..., 0] if c == 1 else grid).save(path)


def draw_samples(net, alphas_cumprod, cfg, path, n=64):
    from .sampling import sample, NoiseSource
    net_cpu = copy.deepcopy(net).cpu().eval()
    g = torch.Generator().manual_seed(1234)
    x = sample(net_cpu, alphas_cumprod.cpu().double().numpy(), (n, cfg.channels, cfg.size, cfg.size),
               steps=25, sampler="dpm++2m", noise=NoiseSource(g))
    save_grid(x, path)


# ---------------------------------------------------------------- main loop

class StopFlag:
    """Ctrl-C / SIGTERM ask the loop to checkpoint and stop at the next step."""

    def __init__(self):
        self.stop = False
        self.previous = {sig: signal.signal(sig, self._set) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore(self):
        """Give the signals back to whoever had them (train() is also called as a library)."""
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)

    def _set(self, *_):
        if self.stop:
            raise KeyboardInterrupt
        print("\nstopping: saving a checkpoint (press Ctrl-C again to abort without saving)", flush=True)
        self.stop = True


def open_log(log_path, start):
    """log.csv for appending from step `start`: a fresh file when starting at 0; on resume, rows
    after the checkpoint (logged by the interrupted run before it stopped) are dropped first."""
    header = ["step", "loss", "lr", "images_per_s", "elapsed_s"]
    rows = []
    if start > 0 and os.path.exists(log_path):
        with open(log_path, newline="") as f:
            rows = [r for r in csv.reader(f) if r and r[0].isdigit() and int(r[0]) <= start]
    tmp = log_path + ".tmp"
    with open(tmp, "w", newline="") as f:
        csv.writer(f).writerows([header] + rows)
    os.replace(tmp, log_path)
    return open(log_path, "a", newline="")


def stop_everywhere(stop, world, device):
    """True when any rank was asked to stop, so every rank leaves the loop at the same step."""
    if world == 1:
        return stop.stop
    flag = torch.tensor([1.0 if stop.stop else 0.0], device=device)
    dist.all_reduce(flag)
    return bool(flag.item() > 0)


def train(cfg: TrainConfig):
    check_config(cfg)
    world, rank, local = dist_info()
    device = pick_device(cfg.device, local)
    if device.type == "cuda":
        torch.cuda.set_device(device)     # one GPU per process, before NCCL picks one
    if world > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    if cfg.threads > 0:
        torch.set_num_threads(cfg.threads)
    main = rank == 0
    os.makedirs(cfg.run_dir, exist_ok=True)

    ckpt = None
    if cfg.resume and os.path.exists(checkpoint_path(cfg.run_dir)):
        ckpt = load_checkpoint(checkpoint_path(cfg.run_dir))
        try:
            saved = config_from_dict(ckpt["config"])
        except (TypeError, ValueError) as e:
            raise CheckpointError(f"{checkpoint_path(cfg.run_dir)}: its configuration is not this trainer's "
                                  f"({type(e).__name__}): remove it, or use another --run-dir") from None
        # The network shape comes from the checkpoint; run length and logging from the command line.
        for k in ("size", "channels", "schedule", "timesteps", "beta_start", "beta_end", "base_channels",
                  "channel_mult", "num_res_blocks", "attention_levels", "norm"):
            setattr(cfg, k, getattr(saved, k))
    elif cfg.resume and main:
        print(f"no checkpoint in {cfg.run_dir} yet: starting from step 0", flush=True)
    multiple = cfg.unet_config().size_multiple
    if cfg.size % multiple:
        raise ValueError(f"--size {cfg.size} is not a multiple of {multiple} (2^number of downsamplings of "
                         f"--channel-mult {','.join(map(str, cfg.channel_mult))}): use e.g. --size "
                         f"{max(multiple, cfg.size // multiple * multiple)}")

    torch.manual_seed(cfg.seed)           # the same initial weights on every rank
    dataset = make_dataset(cfg)
    net = UNet(cfg.unet_config()).to(device)
    ema = copy.deepcopy(net).eval().requires_grad_(False)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.init_from and ckpt is None:
        copied = init_weights(net, load_checkpoint(cfg.init_from)["ema"])
        ema.load_state_dict(net.state_dict())
        if main:
            print(f"started from {cfg.init_from}: {copied} of {len(net.state_dict())} tensors copied", flush=True)
    if rank > 0:
        torch.manual_seed(cfg.seed + rank)    # but different timesteps, noise and augmentation
    start = 0
    if ckpt is not None:
        path = checkpoint_path(cfg.run_dir)
        load_weights(net, ckpt["model"], path, "model")
        load_weights(ema, ckpt["ema"], path, "EMA")
        load_weights(opt, ckpt["opt"], path, "optimiser")
        start = int(ckpt["step"])
        if main:
            # Rank 0's generator state is in the checkpoint: a single-process run resumes bit for bit.
            torch.set_rng_state(ckpt["rng"])
            if device.type == "cuda" and ckpt.get("cuda_rng") is not None:
                torch.cuda.set_rng_state(ckpt["cuda_rng"], device)
        else:
            torch.manual_seed(cfg.seed + rank + 1_000_003 * start)   # fresh, reproducible, not rank 0's
        if main:
            print(f"resumed from {checkpoint_path(cfg.run_dir)} at step {start}", flush=True)
    if world > 1:
        model = torch.nn.parallel.DistributedDataParallel(
            net, device_ids=[device.index] if device.type == "cuda" else None)
    else:
        model = net

    abar = torch.tensor(make_alphas_cumprod(cfg.schedule, cfg.timesteps, cfg.beta_start, cfg.beta_end),
                        dtype=torch.float32, device=device)
    use_amp = device.type == "cuda"
    scaler = torch.cuda.amp.GradScaler(enabled=use_amp)
    if cfg.batch < world:
        raise ValueError(f"--batch {cfg.batch} is smaller than the {world} processes: use --batch {world} or more")
    batches = infinite_batches(dataset, cfg.batch // world, cfg.seed, rank, world, start)
    stop = StopFlag()
    log = open_log(os.path.join(cfg.run_dir, "log.csv"), start) if main else None
    writer = csv.writer(log) if main else None
    if main:
        print(f"training {count_parameters(net):,} parameters on {device} ({world} process(es)), "
              f"{len(dataset)} images, steps {start}->{cfg.steps}", flush=True)

    t0, last_t, last_step, running = time.time(), time.time(), start, []
    step = start
    while step < cfg.steps and not stop_everywhere(stop, world, device):
        x0 = next(batches).to(device)
        lr = cfg.lr * min(1.0, (step + 1) / max(cfg.warmup, 1))
        for group in opt.param_groups:
            group["lr"] = lr
        with torch.autocast(device.type, enabled=use_amp):
            loss = diffusion_loss(model, x0, abar, cfg.min_snr_gamma, cfg.t_sampling)
        opt.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        torch.nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip)
        scaler.step(opt)
        scaler.update()
        with torch.no_grad():
            decay = min(cfg.ema_decay, (1 + step) / (10 + step))
            for pe, p in zip(ema.parameters(), net.parameters()):
                pe.mul_(decay).add_(p.detach(), alpha=1 - decay)
        step += 1
        running.append(loss.item())

        if main and ((cfg.log_every > 0 and step % cfg.log_every == 0) or step == cfg.steps):
            now = time.time()
            ips = (step - last_step) * cfg.batch / max(now - last_t, 1e-9)
            eta = (cfg.steps - step) * cfg.batch / max(ips, 1e-9)
            mean_loss = sum(running) / len(running)
            writer.writerow([step, f"{mean_loss:.6f}", f"{lr:.3g}", f"{ips:.1f}", f"{now - t0:.1f}"])
            log.flush()
            print(f"step {step}/{cfg.steps}  loss {mean_loss:.4f}  {ips:.1f} img/s  "
                  f"ETA {eta / 60:.1f} min", flush=True)
            last_t, last_step, running = now, step, []
        if main and cfg.checkpoint_every > 0 and step % cfg.checkpoint_every == 0:
            save_checkpoint(cfg.run_dir, net, ema, opt, step, cfg)
        if main and cfg.sample_every > 0 and step % cfg.sample_every == 0:
            draw_samples(ema, abar, cfg, os.path.join(cfg.run_dir, f"samples_{step:07d}.png"))

    stop.restore()
    if main:
        save_checkpoint(cfg.run_dir, net, ema, opt, step, cfg)
        print(f"checkpoint saved at step {step}: {checkpoint_path(cfg.run_dir)}", flush=True)
    if main:
        log.close()
    if main and cfg.out and step >= cfg.steps:
        from .export import export_onnx
        export_onnx(ema.cpu(), cfg, dataset, step, cfg.out)
        print(f"exported {cfg.out}", flush=True)
    if world > 1:
        dist.destroy_process_group()
    return net, ema, step


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="scripts/train", description=__doc__.splitlines()[0])
    d = TrainConfig()
    p.add_argument("--data", default=d.data, help="a folder of images, or 'fashion-mnist'")
    p.add_argument("--size", type=int, default=d.size, help="training patch size (pixels)")
    p.add_argument("--channels", type=int, default=d.channels, help="1 (grayscale) or 3 (RGB)")
    p.add_argument("--steps", type=int, default=d.steps, help="total optimiser steps")
    p.add_argument("--batch", type=int, default=d.batch, help="global batch size")
    p.add_argument("--lr", type=float, default=d.lr)
    p.add_argument("--warmup", type=int, default=d.warmup, help="linear learning-rate warm-up steps")
    p.add_argument("--schedule", default=d.schedule, choices=["linear", "cosine"])
    p.add_argument("--min-snr-gamma", type=float, default=d.min_snr_gamma)
    p.add_argument("--t-sampling", default=d.t_sampling, choices=["uniform", "restoration"],
                   help="timesteps: uniform over T, or half of each batch in the denoising band "
                        "sigma' 0.03..0.6 (restoration models)")
    p.add_argument("--intensity-jitter", type=float, default=d.intensity_jitter,
                   help="folder data: each patch's [-1, 1] range is squeezed to a random sub-range "
                        "of relative length 1-J..1 (0 = off; e.g. 0.5)")
    p.add_argument("--ema-decay", type=float, default=d.ema_decay)
    p.add_argument("--base-channels", type=int, default=d.base_channels)
    p.add_argument("--channel-mult", default=",".join(map(str, d.channel_mult)))
    p.add_argument("--num-res-blocks", type=int, default=d.num_res_blocks)
    p.add_argument("--attention-levels", default=",".join(map(str, d.attention_levels)))
    p.add_argument("--norm", default=d.norm, choices=["group", "none"],
                   help="residual-block normalisation; none runs about 1.6x faster in ONNX Runtime on CPU")
    p.add_argument("--init-from", default=None, metavar="CHECKPOINT",
                   help="a fresh run starts from this checkpoint.pt's EMA weights where names and sizes fit")
    p.add_argument("--normalize", default=d.normalize,
                   help="folder data: auto (8-bit: fixed 0..255, else percentile 1..99.8), "
                        "fixed:LOW,HIGH or percentile:PLOW,PHIGH")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--device", default=d.device, choices=["auto", "cpu", "cuda"])
    p.add_argument("--threads", type=int, default=d.threads, help="CPU threads (0 = PyTorch default)")
    p.add_argument("--checkpoint-every", type=int, default=d.checkpoint_every)
    p.add_argument("--sample-every", type=int, default=d.sample_every, help="sample grid PNG every N steps (0 = never)")
    p.add_argument("--log-every", type=int, default=d.log_every)
    p.add_argument("--run-dir", default=d.run_dir, help="checkpoints, log.csv and sample grids go here")
    p.add_argument("--out", default=None, help="ONNX file to export when training finishes")
    p.add_argument("--name", default="", help="model name written into the model card")
    p.add_argument("--resume", action="store_true", help="continue from RUN_DIR/checkpoint.pt")
    a = p.parse_args(argv)
    ints = lambda s: tuple(int(v) for v in s.split(",") if v != "")
    return TrainConfig(data=a.data, size=a.size, channels=a.channels, steps=a.steps, batch=a.batch, lr=a.lr, warmup=a.warmup,
                       schedule=a.schedule, min_snr_gamma=a.min_snr_gamma, t_sampling=a.t_sampling,
                       intensity_jitter=a.intensity_jitter, ema_decay=a.ema_decay,
                       base_channels=a.base_channels, channel_mult=ints(a.channel_mult),
                       num_res_blocks=a.num_res_blocks, attention_levels=ints(a.attention_levels),
                       norm=a.norm, init_from=a.init_from, normalize=a.normalize, seed=a.seed, device=a.device,
                       threads=a.threads,
                       checkpoint_every=a.checkpoint_every, sample_every=a.sample_every,
                       log_every=a.log_every, run_dir=a.run_dir, out=a.out, name=a.name, resume=a.resume)


def main(argv=None):
    try:
        train(parse_args(argv))
    except (ValueError, FileNotFoundError, RuntimeError) as e:
        print(f"error: {one_line(e)}", file=sys.stderr)
        sys.exit(2)


def one_line(e):
    """The first line of an error's message (PyTorch's run over several)."""
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


if __name__ == "__main__":
    main()
