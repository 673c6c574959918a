"""Model card for an exported model: loss curve (PNG) from the run's log.csv and the card text.

`python3 -m diffusion_ij_train.model_card --run-dir runs/NAME --onnx models/NAME.onnx --hardware "..."`
writes models/NAME.loss.png and models/NAME.md (the sample grid, models/NAME.samples.png, is made by
the Java launcher so that it shows what users get)."""
import argparse
import csv
import os

import onnx


def read_log(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return [int(r["step"]) for r in rows], [float(r["loss"]) for r in rows], \
        [float(r["elapsed_s"]) for r in rows], [float(r["images_per_s"]) for r in rows]


def training_minutes(steps, images_per_s, batch=64):
    """Sum of the logged intervals' durations (the log's own clock restarts on every resume)."""
    total, prev = 0.0, 0
    for step, ips in zip(steps, images_per_s):
        if step < prev:        # a fresh run in the same folder: its log starts over
            prev = 0
        if ips > 0:
            total += (step - prev) * batch / ips
        prev = step
    return total / 60


def run_config(run_dir):
    """The training configuration saved in the run's checkpoint, or {} when there is none."""
    from .train import checkpoint_path, load_checkpoint
    path = checkpoint_path(run_dir)
    return load_checkpoint(path)["config"] if os.path.exists(path) else {}


def training_line(meta, cfg):
    batch, lr, warmup = cfg.get("batch", 64), cfg.get("lr", 5e-4), cfg.get("warmup", 500)
    extra = ""
    if cfg.get("t_sampling", "uniform") != "uniform":
        extra += f", timesteps: {cfg['t_sampling']} (half of each batch at noise σ' 0.03..0.6)"
    if cfg.get("intensity_jitter"):
        extra += f", intensity jitter {cfg['intensity_jitter']}"
    return (f"{meta.get('model.train_steps')} steps at batch {batch}, AdamW lr {lr:g} ({warmup} warm-up steps), "
            f"grad clip 1, EMA {meta.get('model.ema_decay')} (exported weights){extra}")


def plot_loss(steps, losses, out, batch=64):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.plot(steps, losses, lw=1)
    ax.set_yscale("log")
    ax.set_xlabel(f"optimiser step (batch {batch})")
    ax.set_ylabel("ε-MSE (mean over log interval)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run-dir", required=True)
    p.add_argument("--onnx", required=True)
    p.add_argument("--hardware", required=True, help="where it was trained, in words")
    p.add_argument("--train-minutes", type=float, default=None,
                   help="wall time of the whole run (log.csv restarts its clock on resume)")
    p.add_argument("--notes", default=None, help="Markdown file inserted after the table (status, evaluation)")
    p.add_argument("--regenerate", default=None, help="Markdown paragraph saying how to retrain and re-export")
    p.add_argument("--no-samples", action="store_true", help="no sample grid section (none made yet)")
    a = p.parse_args(argv)
    base = os.path.splitext(a.onnx)[0]
    name = os.path.basename(base)
    meta = {m.key: m.value for m in onnx.load(a.onnx).metadata_props}
    steps, losses, elapsed, ips = read_log(os.path.join(a.run_dir, "log.csv"))
    cfg = run_config(a.run_dir)
    batch = cfg.get("batch", 64)
    plot_loss(steps, losses, base + ".loss.png", batch)
    minutes = a.train_minutes if a.train_minutes is not None else training_minutes(steps, ips, batch)
    notes = open(a.notes).read().strip() + "\n\n" if a.notes else ""
    samples = "" if a.no_samples else f"""![samples]({name}.samples.png)

*Samples: `scripts/diffusion-ij generate --count 64 --seed 1 --out models/{name}.samples.png`
(DPM-Solver++(2M), 20 steps).*

"""
    regenerate = a.regenerate or f"""Regenerate: `scripts/train --data fashion-mnist --steps N --num-res-blocks 1 --run-dir runs/{name} --resume`,
then `PYTHONPATH=training python3 -m diffusion_ij_train.export --run-dir runs/{name} --out models/{name}.onnx`
and this card with `PYTHONPATH=training python3 -m diffusion_ij_train.model_card --run-dir runs/{name}
--onnx models/{name}.onnx --hardware "..."`."""
    tail = losses[-10:]
    card = f"""# Model card: {name}

{meta.get("model.description", "")}

| field | value |
|---|---|
| file | `{os.path.basename(a.onnx)}` ({os.path.getsize(a.onnx) / 1e6:.1f} MB) |
| architecture | {meta.get("model.architecture")}, {int(meta.get("model.parameters")):,} parameters |
| data | {meta.get("model.dataset")} (licence: {meta.get("model.data_license")}) |
| intensities | {meta.get("intensity_mapping")} {meta.get("intensity_low", "")}..{meta.get("intensity_high", "")} → [-1, 1] |
| diffusion | ε-prediction, {meta.get("beta_schedule")} schedule, T = {meta.get("num_train_timesteps")}, variance {meta.get("variance_type")} |
| training | {training_line(meta, cfg)} |
| time, hardware | about {minutes:.0f} min on {a.hardware} |
| final loss | {sum(tail) / len(tail):.4f} (mean of the last {len(tail)} log intervals) |
| exported | {meta.get("model.created")} |

{notes}![loss curve]({name}.loss.png)

{samples}{regenerate}
"""
    with open(base + ".md", "w") as f:
        f.write(card)
    print(f"wrote {base}.md and {base}.loss.png")


if __name__ == "__main__":
    main()
