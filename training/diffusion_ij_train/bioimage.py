"""A bioimage.io model package (format 0.5) of an exported Diffusion-IJ model.

The zip holds rdf.yaml, the ONNX weights (the very file export wrote, contract metadata included),
a test input/output pair (x and t in, eps out, as .npy), a cover image and the model card as its
documentation. The diffusion definition (schedule, alphas_cumprod, intensity mapping, sizes) that
the plugin reads from the ONNX metadata is repeated in `config.diffusion_ij`, so bioimage.io tools
and the plugin can both read it from the package."""
import datetime
import hashlib
import io
import os
import zipfile

import numpy as np
import torch

FORMAT_VERSION = "0.5.3"
TEST_SIZE = 64
TEST_T = 100.0


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _npy(array):
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array))
    return buf.getvalue()


def _png(gray_uint8):
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(gray_uint8).save(buf, format="PNG")
    return buf.getvalue()


def diffusion_config(meta):
    """The model contract's metadata as typed YAML values (alphas_cumprod as a list of numbers)."""
    out = {}
    for k, v in meta.items():
        if k == "alphas_cumprod":
            out[k] = [float(a) for a in v.split(",")]
        elif k in ("num_train_timesteps", "in_channels", "sample_size", "size_multiple"):
            out[k] = int(v)
        else:
            out[k] = v
    return out


def test_pair(net, channels, seed=0):
    """A fixed test input (a smooth random image with noise at TEST_T) and the network's output."""
    g = torch.Generator().manual_seed(seed)
    x = torch.nn.functional.avg_pool2d(torch.randn(1, channels, TEST_SIZE + 7, TEST_SIZE + 7, generator=g), 8,
                                       stride=1) * 2 + 0.3 * torch.randn(1, channels, TEST_SIZE, TEST_SIZE,
                                                                          generator=g)
    t = torch.tensor([TEST_T])
    with torch.no_grad():
        eps = net.eval()(x, t)
    return x.numpy().astype(np.float32), t.numpy().astype(np.float32), eps.numpy().astype(np.float32)


def cover_image(net, meta, channels):
    """noisy | one-call denoised: a 128x128 simulated fluorescence patch with noise sigma 25 of 255."""
    from .corpus import fluorescence
    abar = np.array(diffusion_config(meta)["alphas_cumprod"])
    clean = fluorescence(np.random.default_rng(7), size=128).astype(np.float32) / 127.5 - 1
    noise = 2 * 25 / 255
    y = clean + noise * np.random.default_rng(8).standard_normal(clean.shape).astype(np.float32)
    s = np.sqrt((1 - abar) / abar)
    t = float(np.interp(noise, s, np.arange(len(abar))))
    a = float(np.interp(t, np.arange(len(abar)), abar))
    yt = torch.from_numpy(y)[None, None].repeat(1, channels, 1, 1)
    with torch.no_grad():
        eps = net.eval()(yt * a ** 0.5, torch.tensor([t]))
    den = (yt - ((1 - a) / a) ** 0.5 * eps)[0, 0].numpy()
    to8 = lambda v: np.clip(np.round((v + 1) * 127.5), 0, 255).astype(np.uint8)
    gap = np.full((128, 4), 255, np.uint8)
    return np.concatenate([to8(y), gap, to8(den), gap, to8(clean)], axis=1)


def rdf(meta, files, card_name, licence="MIT"):
    name = meta.get("model.name", "model")
    c = int(meta["in_channels"])
    multiple = int(meta["size_multiple"])
    space = lambda axis: {"id": axis, "type": "space", "size": {"min": multiple, "step": multiple}}
    same = lambda axis: {"id": axis, "type": "space", "size": {"tensor_id": "x", "axis_id": axis}}
    channel = lambda: {"type": "channel", "channel_names": [f"c{i}" for i in range(c)]}   # fresh dict: no YAML anchors
    return {
        "type": "model",
        "format_version": FORMAT_VERSION,
        "name": f"Diffusion-IJ {name}",
        "description": ("Diffusion prior (epsilon-prediction UNet) for Diffusion-IJ: denoising, super-resolution, "
                        "inpainting and generation in ImageJ/Fiji. " + meta.get("model.description", "")),
        "authors": [{"name": "Diffusion-IJ contributors"}],
        "cite": [{"text": "Ho, Jain, Abbeel. Denoising Diffusion Probabilistic Models. NeurIPS 2020.",
                  "doi": "10.48550/arXiv.2006.11239"}],
        "license": licence,
        "tags": ["diffusion", "denoising", "restoration", "diffusion-ij", "onnx", "2d"],
        "documentation": card_name,
        "covers": ["cover.png"],
        "timestamp": meta.get("model.created") or datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "inputs": [
            {"id": "x", "description": "noisy image x_t in model space ([-1, 1] data plus noise)",
             "axes": [{"type": "batch"}, channel(), space("y"), space("x")],
             "test_tensor": {"source": "test_input_x.npy", "sha256": files["test_input_x.npy"]}},
            {"id": "t", "description": "timestep index 0..T-1 (float)",
             "axes": [{"type": "batch"}],
             "test_tensor": {"source": "test_input_t.npy", "sha256": files["test_input_t.npy"]}},
        ],
        "outputs": [
            {"id": "eps", "description": "predicted noise epsilon",
             "axes": [{"type": "batch"}, channel(), same("y"), same("x")],
             "test_tensor": {"source": "test_output_eps.npy", "sha256": files["test_output_eps.npy"]}},
        ],
        "weights": {"onnx": {"source": "weights.onnx", "sha256": files["weights.onnx"], "opset_version": 17}},
        "config": {"diffusion_ij": diffusion_config(meta)},
    }


def write_package(onnx_path, net, out_zip, card_path=None, licence="MIT"):
    """Write the bioimage.io zip for `onnx_path` (net: the exported torch module); returns out_zip."""
    import onnx
    import yaml
    meta = {m.key: m.value for m in onnx.load(onnx_path).metadata_props}
    c = int(meta["in_channels"])
    x, t, eps = test_pair(net, c)
    card_name = "README.md"
    card = open(card_path).read() if card_path and os.path.exists(card_path) else (
        f"# {meta.get('model.name')}\n\n{meta.get('model.description', '')}\n")
    blobs = {"weights.onnx": open(onnx_path, "rb").read(), "test_input_x.npy": _npy(x),
             "test_input_t.npy": _npy(t), "test_output_eps.npy": _npy(eps),
             "cover.png": _png(cover_image(net, meta, c)), card_name: card.encode()}
    files = {k: _sha256(v) for k, v in blobs.items()}
    text = yaml.safe_dump(rdf(meta, files, card_name, licence), sort_keys=False, width=120)
    tmp = out_zip + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("rdf.yaml", text)
        for k, v in blobs.items():
            z.writestr(k, v)
    os.replace(tmp, out_zip)
    return out_zip
