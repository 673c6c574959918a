"""A folder of the user's own images as training data: random square patches in model space [-1, 1].

Reads PNG, JPEG and TIFF (8-, 16- and 32-bit integer or float, grayscale or RGB, multi-page stacks:
every page or Z slice is one image). Intensities are mapped to [-1, 1] by a rule that export writes
into the ONNX metadata (models/MODEL_CONTRACT.md), so the plugin maps new images the same way:

- `auto`: all images 8-bit -> `fixed:0,255`; otherwise `percentile:1,99.8`
- `fixed:LOW,HIGH`: data value LOW -> -1, HIGH -> +1, for every image
- `percentile:PLOW,PHIGH`: each image's PLOW-th percentile -> -1, PHIGH-th -> +1
Values beyond the mapped range are clipped to [-1, 1]."""
import os

import numpy as np
import torch

EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}
AUTO_PERCENTILES = (1.0, 99.8)


def _num(v):
    """Metadata number: '255' rather than '255.0', repr otherwise."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def parse_normalize(spec):
    """'auto' | 'fixed:LOW,HIGH' | 'percentile:PLOW,PHIGH' -> (kind, low, high); low/high None for auto."""
    spec = (spec or "auto").strip()
    if spec == "auto":
        return "auto", None, None
    kind, _, values = spec.partition(":")
    hint = "use --normalize auto, fixed:LOW,HIGH (e.g. fixed:0,4095) or percentile:PLOW,PHIGH (e.g. percentile:1,99.8)"
    if kind not in ("fixed", "percentile"):
        raise ValueError(f"unknown --normalize '{spec}': {hint}")
    try:
        low, high = (float(v) for v in values.split(","))
    except ValueError:
        raise ValueError(f"--normalize '{spec}' needs two numbers: {hint}") from None
    if not low < high:
        raise ValueError(f"--normalize '{spec}': LOW must be smaller than HIGH")
    if kind == "percentile" and not (0 <= low and high <= 100):
        raise ValueError(f"--normalize '{spec}': percentiles must lie in 0..100")
    return kind, low, high


# ---------------------------------------------------------------- reading

def _planes_from_array(arr, axes, path, channels):
    """Split an array with tifffile axis letters into a list of [C, H, W] planes."""
    arr = np.asarray(arr)
    if len(axes) != arr.ndim:                      # unknown layout: treat leading axes as pages
        axes = "Q" * (arr.ndim - 2) + "YX"
    colour = next((axes.index(a) for a in "SC" if a in axes and arr.shape[axes.index(a)] > 1), None)
    if colour is not None:
        arr = np.moveaxis(arr, colour, -3)
        ncol = arr.shape[-3]
        if ncol == 4 and channels == 3:
            arr, ncol = arr[..., :3, :, :], 3         # RGBA: alpha is no image content
        if ncol != channels:
            kind = "RGB" if ncol in (3, 4) else f"{ncol}-channel"
            raise ValueError(f"{path} is {kind} but --channels {channels} was given: use --channels {ncol if ncol != 4 else 3} "
                             f"for {kind} images, or convert the file to {'grayscale' if channels == 1 else 'RGB'}")
        return list(arr.reshape(-1, ncol, *arr.shape[-2:]))
    if arr.ndim < 2:
        raise ValueError(f"cannot read {path}: it holds no 2-D image (shape {arr.shape})")
    if channels != 1:
        raise ValueError(f"{path} is grayscale but --channels {channels} was given: use --channels 1 "
                         f"for grayscale images, or convert the file to RGB")
    return list(arr.reshape(-1, 1, *arr.shape[-2:]))


def _read_tiff(path, channels):
    import tifffile
    with tifffile.TiffFile(path) as tif:
        series = tif.series[0]
        return _planes_from_array(series.asarray(), series.axes, path, channels)


def _read_pil(path, channels):
    from PIL import Image, ImageSequence
    planes = []
    with Image.open(path) as img:
        for frame in ImageSequence.Iterator(img):
            mode = frame.mode
            if mode == "P":                        # palette: gray if the palette is gray
                rgb = np.asarray(frame.convert("RGB"))
                if (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all():
                    planes += _planes_from_array(rgb[..., 0], "YX", path, channels)
                else:
                    planes += _planes_from_array(rgb, "YXS", path, channels)
            elif mode in ("RGB", "RGBA", "CMYK", "YCbCr"):
                rgb = np.asarray(frame.convert("RGB") if mode != "RGBA" else frame)
                planes += _planes_from_array(rgb, "YXS", path, channels)
            elif mode in ("1", "L", "LA"):
                planes += _planes_from_array(np.asarray(frame.convert("L")), "YX", path, channels)
            else:                                  # I;16, I (32-bit int), F (32-bit float)
                planes += _planes_from_array(np.asarray(frame), "YX", path, channels)
    return planes


def read_image(path, channels):
    """All 2-D images in one file as [C, H, W] arrays in their stored dtype; ValueError naming the file."""
    ext = os.path.splitext(path)[1].lower()
    try:
        if EXTENSIONS[ext] == "TIFF":
            try:
                import tifffile  # noqa: F401  (python3-tifffile reads stacks and every bit depth)
            except ImportError:
                return _read_pil(path, channels)
            return _read_tiff(path, channels)
        return _read_pil(path, channels)
    except ValueError as e:
        if str(e).startswith(path):
            raise
        raise ValueError(f"cannot read {path} ({e}): remove it from the folder or re-save it as PNG or TIFF") from None
    except Exception as e:                          # PIL and tifffile raise many kinds on broken files
        raise ValueError(f"cannot read {path} ({type(e).__name__}: {e}): remove it from the folder "
                         f"or re-save it as PNG or TIFF") from None


def list_images(root):
    if not os.path.exists(root):
        raise FileNotFoundError(f"training data folder {root} does not exist: give --data a folder of "
                                f"PNG, JPEG or TIFF images (or --data fashion-mnist)")
    if not os.path.isdir(root):
        raise ValueError(f"--data {root} is a file, not a folder: put the images in a folder and give that folder")
    files = []
    for dirpath, dirnames, names in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files += [os.path.join(dirpath, n) for n in sorted(names)
                  if not n.startswith(".") and os.path.splitext(n)[1].lower() in EXTENSIONS]
    if not files:
        raise ValueError(f"no images in {root}: the folder (and its subfolders) must hold PNG, JPEG or TIFF files "
                         f"(.png, .jpg, .jpeg, .tif, .tiff)")
    return files


# ---------------------------------------------------------------- dataset

class ImageFolder(torch.utils.data.Dataset):
    """Random `size` x `size` patches of every image in `root`, flipped and rotated by 90 degree steps.

    All images are read, normalised and kept in memory as float32 [C, H, W] in [-1, 1]. One 'epoch'
    (len) is the number of non-overlapping patches the images hold, at least one per image; item i
    is a random patch of the image that index falls in, so big images are drawn more often."""

    def __init__(self, root, size, channels=1, normalize="auto", augment=True, intensity_jitter=0.0):
        if channels not in (1, 3):
            raise ValueError(f"--channels must be 1 (grayscale) or 3 (RGB), got {channels}")
        self.root, self.size, self.channels, self.augment = root, size, channels, augment
        if not 0 <= intensity_jitter < 1:
            raise ValueError(f"--intensity-jitter {intensity_jitter} must lie in [0, 1): e.g. 0.5")
        self.intensity_jitter = intensity_jitter
        kind, low, high = parse_normalize(normalize)
        self.files = list_images(root)
        raw, kinds, depths = [], set(), set()
        for path in self.files:
            planes = read_image(path, channels)
            for p in planes:
                h, w = p.shape[-2:]
                if h < size or w < size:
                    raise ValueError(f"{path} is {w}x{h} pixels, smaller than the {size}x{size} training patch: "
                                     f"use a smaller --size (at most {min(h, w)}), or remove the file")
            raw += planes
            kinds.add(EXTENSIONS[os.path.splitext(path)[1].lower()])
            depths.add(str(planes[0].dtype))
        self.eight_bit = depths == {"uint8"}
        if kind == "auto":
            kind, (low, high) = ("fixed", (0.0, 255.0)) if self.eight_bit else ("percentile", AUTO_PERCENTILES)
        self.mapping, self.low, self.high = kind, low, high
        self.images = [self._to_model_space(p) for p in raw]
        self.kinds, self.depths = sorted(kinds), sorted(depths)
        counts = [max(1, (im.shape[-2] // size) * (im.shape[-1] // size)) for im in self.images]
        self.cumulative = np.cumsum(counts)

    def _to_model_space(self, plane):
        v = plane.astype(np.float64)
        if self.mapping == "fixed":
            lo, hi = self.low, self.high
        else:
            lo, hi = np.percentile(v, [self.low, self.high])
        x = 2.0 * (v - lo) / max(hi - lo, 1e-12) - 1.0   # a constant image maps to -1
        return torch.from_numpy(np.clip(x, -1.0, 1.0).astype(np.float32))

    def __len__(self):
        return int(self.cumulative[-1])

    def __getitem__(self, i):
        im = self.images[int(np.searchsorted(self.cumulative, i, side="right"))]
        h, w = im.shape[-2:]
        # The global torch RNG draws positions and flips: seeded by train.py and saved in checkpoints.
        top = int(torch.randint(0, h - self.size + 1, ()))
        left = int(torch.randint(0, w - self.size + 1, ()))
        x = im[:, top:top + self.size, left:left + self.size]
        if self.augment:
            k, flip = int(torch.randint(0, 4, ())), bool(torch.randint(0, 2, ()))
            x = torch.rot90(x, k, dims=(-2, -1))
            if flip:
                x = x.flip(-1)
            if self.intensity_jitter > 0:
                # Contrast and brightness vary between acquisitions: squeeze [-1, 1] to a random
                # sub-range of length 2s (s in 1-J..1) placed at a random offset; never clips.
                s = 1 - self.intensity_jitter * float(torch.rand(()))
                offset = (1 - s) * (2 * float(torch.rand(())) - 1)
                x = s * x + offset
        return x.contiguous()

    def intensity_metadata(self):
        if self.mapping == "fixed":
            return {"intensity_mapping": "fixed", "intensity_low": _num(self.low), "intensity_high": _num(self.high)}
        return {"intensity_mapping": "percentile", "percentile_low": _num(self.low), "percentile_high": _num(self.high)}

    def card(self):
        name = os.path.basename(os.path.normpath(self.root))
        return {"model.dataset": (f"{name}: {len(self.images)} images from {len(self.files)} files "
                                  f"({', '.join(self.kinds)}; {', '.join(self.depths)}), "
                                  f"{'RGB' if self.channels == 3 else 'grayscale'}, "
                                  f"random {self.size}x{self.size} patches"),
                "model.data_license": "unspecified (user data)"}
