"""ONNX export with the whole model contract (models/MODEL_CONTRACT.md) in the metadata.

`python3 -m diffusion_ij_train.export --run-dir runs/default --out models/NAME.onnx` exports the EMA
weights of a checkpoint, and beside it the bioimage.io package models/NAME.bioimage.zip (bioimage.py;
`--bioimage none` skips it); training calls `export_onnx` itself when it finishes."""
import argparse
import datetime
import os
import sys
import warnings

import onnx
import torch

from .schedule import make_alphas_cumprod
from .unet import UNet, count_parameters

OPSET = 17


def contract_metadata(cfg, net, intensity, card, step):
    abar = make_alphas_cumprod(cfg.schedule, cfg.timesteps, cfg.beta_start, cfg.beta_end)
    meta = {
        "diffusion_ij.format": "1",
        "prediction_type": "epsilon",
        "num_train_timesteps": str(cfg.timesteps),
        "beta_schedule": cfg.schedule,
        "beta_start": repr(cfg.beta_start),
        "beta_end": repr(cfg.beta_end),
        "cosine_s": "0.008",
        "alphas_cumprod": ",".join(repr(float(a)) for a in abar),
        "variance_type": cfg.variance_type,
        "in_channels": str(cfg.channels),
        "sample_size": str(cfg.size),
        "size_multiple": str(net.cfg.size_multiple),
        "model.name": cfg.name or os.path.splitext(os.path.basename(cfg.out or "model.onnx"))[0],
        "model.train_steps": str(step),
        "model.ema_decay": repr(cfg.ema_decay),
        "model.parameters": str(count_parameters(net)),
        "model.architecture": net.cfg.describe(),
        "model.created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "model.description": (f"epsilon-prediction UNet, {cfg.schedule} schedule, T={cfg.timesteps}, "
                              f"trained {step} steps at batch {cfg.batch}"),
    }
    meta.update(intensity)
    meta.update(card)
    return meta


def export_onnx(net, cfg, dataset, step, out, extra_metadata=None):
    """Write `out` whole: export to a temporary file, check it, attach metadata, then rename."""
    net = net.cpu().eval()
    n, c, s = 2, cfg.channels, cfg.size
    x = torch.randn(n, c, s, s)
    t = torch.tensor([10.0, 500.0])
    tmp = out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with warnings.catch_warnings():
        # Tracing reports the channel count in the attention scale as a constant (it is one) and
        # torch 1.13 warns about shape inference of prim::Constant; neither affects the graph.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")
        torch.onnx.export(net, (x, t), tmp, opset_version=OPSET, input_names=["x", "t"], output_names=["eps"],
                          dynamic_axes={"x": {0: "N", 2: "H", 3: "W"}, "t": {0: "N"},
                                        "eps": {0: "N", 2: "H", 3: "W"}},
                          do_constant_folding=True)
    model = onnx.load(tmp)
    meta = contract_metadata(cfg, net, dataset.intensity_metadata(), dataset.card(), step)
    meta.update(extra_metadata or {})
    del model.metadata_props[:]
    for k, v in meta.items():
        model.metadata_props.add(key=k, value=str(v))
    onnx.checker.check_model(model)
    onnx.save(model, tmp)
    os.replace(tmp, out)
    return out


def main(argv=None):
    try:
        export_main(argv)
    except (ValueError, FileNotFoundError, RuntimeError) as e:   # CheckpointError is a ValueError
        from .train import one_line
        print(f"error: {one_line(e)}", file=sys.stderr)
        sys.exit(2)


def export_main(argv=None):
    from .train import load_checkpoint, load_weights, config_from_dict, checkpoint_path, make_dataset
    p = argparse.ArgumentParser(prog="python3 -m diffusion_ij_train.export", description=__doc__.splitlines()[0])
    p.add_argument("--run-dir", required=True, help="run folder holding checkpoint.pt")
    p.add_argument("--out", required=True, help="ONNX file to write")
    p.add_argument("--name", default="", help="model name for the model card")
    p.add_argument("--bioimage", default=None,
                   help="bioimage.io package to write (default: OUT without .onnx + .bioimage.zip; 'none': skip)")
    p.add_argument("--card", default=None, help="model card (Markdown) to put in the package (default: OUT.md if it exists)")
    p.add_argument("--dataset", default=None, help="model card: the training data, in words (default: from the folder)")
    p.add_argument("--data-license", default=None, help="model card: the training data's licences")
    a = p.parse_args(argv)
    path = checkpoint_path(a.run_dir)
    if not os.path.exists(path):
        print(f"error: no checkpoint at {path}: train first (scripts/train --run-dir {a.run_dir})", file=sys.stderr)
        sys.exit(2)
    ckpt = load_checkpoint(path)
    try:
        cfg = config_from_dict(ckpt["config"])
        net = UNet(cfg.unet_config())
    except (TypeError, ValueError, KeyError, AttributeError, RuntimeError) as e:
        raise ValueError(f"{path}: its configuration does not describe a network this trainer builds "
                         f"({type(e).__name__}): remove it, or use another --run-dir") from None
    cfg.out, cfg.name = a.out, a.name or cfg.name
    load_weights(net, ckpt["ema"], path, "EMA")
    extra = {k: v for k, v in (("model.dataset", a.dataset), ("model.data_license", a.data_license)) if v}
    export_onnx(net, cfg, make_dataset(cfg), int(ckpt["step"]), a.out, extra)
    print(f"exported {a.out} (EMA weights, step {ckpt['step']})")
    base = os.path.splitext(a.out)[0]
    if (a.bioimage or "").lower() != "none":
        from .bioimage import write_package
        zip_path = a.bioimage or base + ".bioimage.zip"
        write_package(a.out, net, zip_path, a.card or base + ".md")
        print(f"wrote {zip_path} (bioimage.io model package)")


if __name__ == "__main__":
    main()
