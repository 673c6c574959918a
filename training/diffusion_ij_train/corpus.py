"""The `general` model's training corpus: photographs that Debian packages ship, plus simulated fluorescence.

`python3 -m diffusion_ij_train.corpus --out /work/data/general --manifest training/corpus/MANIFEST.tsv`
(training/make_corpus.sh installs the packages first). For every package in SOURCES it lists the
package's raster images (`dpkg -L`), drops the reserved evaluation images by name (RESERVED), keeps one
file per picture (wallpapers ship one picture at many resolutions), keeps only photographs (photo_stats:
flat or vector art is refused), converts to 8-bit grayscale, shrinks the short side to at most
MAX_SHORT_SIDE and writes PNGs under OUT/PACKAGE/. Simulated fluorescence images (blobs, spots and
filaments blurred by a Gaussian PSF) go to OUT/synthetic/ so that they hold `--synthetic-share` of the
64x64 patches. The manifest lists every file written with its source, package, licence, size and share
of the patches (ImageFolder draws patches in proportion to image area)."""
import argparse
import fnmatch
import os
import re
import subprocess
import sys

import numpy as np

# Evaluation images: never trained on, whatever package or folder they turn up in (matched on the file
# name without extension, case-insensitive). scikit-image: data.camera() etc.; scikit-learn: china, flower.
RESERVED = ("camera", "astronaut", "coffee", "chelsea", "rocket", "coins", "moon", "cell", "hubble_deep_field",
            "china", "flower")
RASTER = (".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff")
MAX_SHORT_SIDE = 768     # wallpapers are 2-5K: shrinking cleans JPEG noise and keeps memory small
MIN_SHORT_SIDE = 128
PATCH = 64

# package -> (which of its files, files never taken, photographs taken whatever photo_stats says).
# Patterns are fnmatch patterns on the full path. The two hand-made lists come from looking at a contact
# sheet of every candidate: digital art that passes the statistics, and photographs with large smooth
# areas (night sky, mist, water) that fail them.
SOURCES = {
    "plasma-workspace-wallpapers": (["/usr/share/wallpapers/*/contents/images/*"], [],
                                    ["*/DarkestHour/*", "*/MilkyWay/*"]),
    "mate-backgrounds": (["/usr/share/backgrounds/mate/*"], ["*/Ubuntu-Mate-*-no-logo.png"],
                         ["*/nature/Aqua.jpg", "*/nature/TwoWings.jpg", "*/nature/FreshFlower.jpg",
                          "*/nature/Wood.jpg"]),
    "gnome-backgrounds": (["/usr/share/backgrounds/gnome/*"],
                          ["*/pixels-*", "*/grid-*", "*/truchet-*", "*/symbolic-*", "*/licorice-*"], []),
    "opencv-doc": (["/usr/share/doc/opencv-doc/examples/data/*"],
                   # lena: withdrawn test image; left/right NN: 13 near-identical calibration chessboards each;
                   # pic*, ellipses: drawn shapes
                   ["*/lena*", "*/left[01][0-9].jpg", "*/right[01][0-9].jpg", "*/pic[0-9].png", "*/ellipses.jpg"],
                   []),
    "python3-skimage": ([f"/usr/lib/python3/dist-packages/skimage/data/{n}" for n in
                         ("brick.png", "grass.png", "gravel.png", "ihc.png", "microaneurysms.png",
                          "motorcycle_left.png", "page.png", "retina.jpg", "text.png")], [], []),
}
COPYRIGHT = "/usr/share/doc/{package}/copyright"
# Where each package's files sit in its source tree, the tree that DEP-5 `Files:` patterns name:
# installed prefix -> source prefix (opencv-doc installs samples/data/ as examples/data/).
SOURCE_TREE = {
    "plasma-workspace-wallpapers": ("/usr/share/wallpapers/", ""),
    "mate-backgrounds": ("/usr/share/backgrounds/mate/", ""),
    "gnome-backgrounds": ("/usr/share/backgrounds/gnome/", "backgrounds/"),
    "opencv-doc": ("/usr/share/doc/opencv-doc/examples/", "samples/"),
    "python3-skimage": ("/usr/lib/python3/dist-packages/", ""),
}
RESOLUTION = re.compile(r"[_-]?\d{3,5}x\d{3,5}$")


def is_reserved(path):
    """True for a reserved evaluation image, by name: 'camera.png', 'China.JPG', 'hubble_deep_field.jpg'."""
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    return stem in RESERVED


def package_files(package):
    out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True)
    if out.returncode != 0:
        raise ValueError(f"package {package} is not installed: run training/make_corpus.sh (it installs it)")
    return [p for p in out.stdout.splitlines() if os.path.isfile(p)]


def select(files, include, exclude):
    """Raster files matching `include` and no `exclude`, reserved names dropped, one file per picture."""
    chosen = [f for f in files if f.lower().endswith(RASTER) and any(fnmatch.fnmatch(f, p) for p in include)
              and not any(fnmatch.fnmatch(f, p) for p in exclude) and not is_reserved(f)]
    return dedupe(chosen)


def picture_key(path):
    """Files that are one picture at several sizes share a key: a Plasma wallpaper folder
    (…/NAME/contents/images[_dark]/WxH.jpg), or a name with a resolution suffix (Elephants_3840x2160)."""
    parts = path.split("/")
    if "contents" in parts:
        i = parts.index("contents")
        return "/".join(parts[:i + 2])          # images and images_dark are two pictures
    stem = os.path.splitext(path)[0]
    return RESOLUTION.sub("", stem)


def dedupe(paths):
    from PIL import Image
    best = {}
    for p in paths:
        with Image.open(p) as im:
            area = im.size[0] * im.size[1]
        k = picture_key(p)
        if k not in best or area > best[k][1]:
            best[k] = (p, area)
    return sorted(p for p, _ in best.values())


# ---------------------------------------------------------------- photograph or art?

def photo_stats(gray):
    """Gradient statistics of an 8-bit grayscale image: flat and vector art has few grey levels, large
    areas of exactly equal neighbours, and (smooth rendered gradients) almost no fine texture."""
    g = gray.astype(np.int16)
    dx = np.abs(np.diff(g, axis=1))[:-1, :]
    dy = np.abs(np.diff(g, axis=0))[:, :-1]
    grad = np.maximum(dx, dy)
    hist = np.bincount(gray.ravel(), minlength=256)
    return {"levels": int((hist > gray.size * 1e-4).sum()),     # grey levels in real use
            "flat": float((grad == 0).mean()),                   # exactly equal neighbours
            "texture": float((grad >= 3).mean())}                # pixels with visible fine structure


def is_photograph(stats):
    return stats["levels"] >= 96 and stats["flat"] <= 0.30 and stats["texture"] >= 0.12


def load_gray(path):
    """8-bit grayscale (ITU-R 601 luma), alpha composited on mid-grey, short side at most MAX_SHORT_SIDE."""
    from PIL import Image
    with Image.open(path) as im:
        im.load()
        if im.mode in ("RGBA", "LA", "P"):
            im = im.convert("RGBA")
            bg = Image.new("RGBA", im.size, (128, 128, 128, 255))
            im = Image.alpha_composite(bg, im)
        if im.mode in ("I;16", "I", "F"):
            a = np.asarray(im, dtype=np.float64)
            lo, hi = np.percentile(a, [0.1, 99.9])
            im = Image.fromarray(np.clip((a - lo) / max(hi - lo, 1e-9) * 255, 0, 255).astype(np.uint8))
        im = im.convert("L")
        w, h = im.size
        s = min(w, h)
        if s > MAX_SHORT_SIDE:
            f = MAX_SHORT_SIDE / s
            im = im.resize((round(w * f), round(h * f)), Image.LANCZOS)
        return np.asarray(im)


# ---------------------------------------------------------------- simulated fluorescence

def fluorescence(rng, size=512):
    """One clean 8-bit fluorescence-like image: nuclei-like ellipses with texture, point-like spots and
    curved filaments on a dim uneven background, blurred by a Gaussian PSF."""
    from scipy import ndimage
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    img = np.zeros((size, size), np.float32)
    for _ in range(rng.integers(0, 30)):                                   # nuclei / cells
        cy, cx = rng.uniform(0, size, 2)
        ry, rx = rng.uniform(5, 35, 2)
        a = rng.uniform(0, np.pi)
        u = ((xx - cx) * np.cos(a) + (yy - cy) * np.sin(a)) / rx
        v = (-(xx - cx) * np.sin(a) + (yy - cy) * np.cos(a)) / ry
        r2 = u * u + v * v
        with np.errstate(over="ignore"):                                  # exp -> inf far outside: 0
            inside = 1 / (1 + np.exp((r2 - 1) * rng.uniform(4, 20)))
        img += rng.uniform(0.2, 1.0) * inside
    tex = ndimage.gaussian_filter(rng.standard_normal((size, size)).astype(np.float32), rng.uniform(1, 4))
    img *= 1 + 0.8 * tex / (tex.std() + 1e-6) * rng.uniform(0, 0.4)
    n_spots = rng.integers(0, 400)                                        # vesicles, single molecules
    ys, xs = rng.integers(0, size, (2, n_spots))
    np.add.at(img, (ys, xs), rng.uniform(1, 8, n_spots).astype(np.float32))
    for _ in range(rng.integers(0, 40)):                                  # filaments (smooth random walks)
        p = rng.uniform(0, size, 2)
        d = rng.uniform(0, 2 * np.pi)
        amp = rng.uniform(0.3, 1.5)
        for _ in range(rng.integers(40, 600)):
            d += rng.normal(0, 0.08)
            p = p + 0.7 * np.array([np.sin(d), np.cos(d)])
            y, x = int(p[0]), int(p[1])
            if 0 <= y < size and 0 <= x < size:
                img[y, x] += amp
    img = ndimage.gaussian_filter(img, rng.uniform(0.8, 2.5))             # PSF
    bg = ndimage.gaussian_filter(rng.standard_normal((size, size)).astype(np.float32), size / 8)
    img += rng.uniform(0.0, 0.1) * (1 + bg / (bg.std() + 1e-6) * 0.3).clip(0)
    img = img / (np.percentile(img, 99.9) + 1e-6) * rng.uniform(0.4, 1.0)
    img = np.clip(img, 0, 1) ** rng.uniform(0.7, 1.3)
    return np.round(img * 255).astype(np.uint8)


# ---------------------------------------------------------------- licences (Debian copyright files)

def source_path(package, path):
    installed, source = SOURCE_TREE.get(package, ("/", ""))
    return source + path[len(installed):] if path.startswith(installed) else path.lstrip("/")


def licence_of(package, path):
    """The License of the last DEP-5 `Files:` stanza whose pattern matches the file's path in the source
    tree (Debian's rule: later stanzas override earlier ones); for a free-form copyright file, the licence
    sentence of the paragraph that names the file; else it says the file is not named."""
    cfile = COPYRIGHT.format(package=package)
    try:
        text = open(cfile, encoding="utf-8", errors="replace").read()
    except OSError:
        return "unknown (no copyright file)"
    src = source_path(package, path)
    found = None
    for stanza in re.split(r"\n\s*\n", text):
        m = re.search(r"^Files:(.*(?:\n[ \t].*)*)", stanza, re.M)
        lic = re.search(r"^License:\s*(.+)$", stanza, re.M)
        if m and lic and any(fnmatch.fnmatch(src, pat) for pat in m.group(1).split()):
            found = lic.group(1).strip()
    if found:
        return found
    sentence = re.compile(r"Licensed under (?:the )?(.+?)(?:\.\s|\.?$)", re.M)
    base = os.path.basename(path)
    for para in re.split(r"\n\s*\n", text):                 # free form: the paragraph naming the file
        names = re.findall(r"-\s+([^\s:]+):?", para)
        if any(fnmatch.fnmatch(base, n) or base.startswith(n.rstrip("*")) and n.endswith("*") for n in names):
            m = sentence.search(para)
            if m:
                return m.group(1).strip() + f" ({cfile})"
    return f"not stated for this file (see {cfile})"


# ---------------------------------------------------------------- main

def patches(shape):
    return max(1, (shape[0] // PATCH) * (shape[1] // PATCH))


def build(out, manifest, synthetic_share=0.15, seed=0, log=print):
    from PIL import Image
    rows = []
    rejected = []
    for package, (include, exclude, photos) in SOURCES.items():
        for path in select(package_files(package), include, exclude):
            gray = load_gray(path)
            stats = photo_stats(gray)
            checked = any(fnmatch.fnmatch(path, p) for p in photos)
            if min(gray.shape) < MIN_SHORT_SIDE or not (checked or is_photograph(stats)):
                rejected.append((package, path, stats))
                continue
            dest = os.path.join(out, package, re.sub(r"[^A-Za-z0-9_.-]", "_",
                                                     picture_key(path).strip("/").replace("/", "_")) + ".png")
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            Image.fromarray(gray).save(dest)
            rows.append([dest, package, path, licence_of(package, path), gray.shape, stats])
    photo_patches = sum(patches(r[4]) for r in rows)
    n_syn = 0
    if synthetic_share > 0:
        per = patches((512, 512))
        n_syn = int(round(synthetic_share / (1 - synthetic_share) * photo_patches / per))
        rng = np.random.default_rng(seed)
        os.makedirs(os.path.join(out, "synthetic"), exist_ok=True)
        for i in range(n_syn):
            img = fluorescence(rng)
            dest = os.path.join(out, "synthetic", f"fluorescence_{i:03d}.png")
            Image.fromarray(img).save(dest)
            rows.append([dest, "synthetic", "diffusion_ij_train.corpus.fluorescence(seed %d, #%d)" % (seed, i),
                         "generated (no licence needed)", img.shape, photo_stats(img)])
    total = sum(patches(r[4]) for r in rows)
    os.makedirs(os.path.dirname(os.path.abspath(manifest)), exist_ok=True)
    with open(manifest, "w") as f:
        f.write("# Training corpus of the `general` model, made by training/make_corpus.sh "
                "(diffusion_ij_train.corpus). Reserved for evaluation and excluded by name: "
                + ", ".join(RESERVED) + ".\n")
        f.write("file\tpackage\tsource\tlicence\twidth\theight\tpatch_share\tgrey_levels\tflat\ttexture\n")
        for dest, package, src, lic, shape, st in rows:
            f.write(f"{os.path.relpath(dest, out)}\t{package}\t{src}\t{lic}\t{shape[1]}\t{shape[0]}\t"
                    f"{patches(shape) / total:.4f}\t{st['levels']}\t{st['flat']:.3f}\t{st['texture']:.3f}\n")
        f.write("# share of 64x64 patches per source: " + ", ".join(
            f"{p} {sum(patches(r[4]) for r in rows if r[1] == p) / total:.1%} "
            f"({sum(1 for r in rows if r[1] == p)} files)" for p in dict.fromkeys(r[1] for r in rows)) + "\n")
        f.write("# rejected as not photographs (grey levels, flat share, texture share): " + "; ".join(
            f"{picture_key(p).split('/')[-3 if '/contents/' in p else -1]} ({s['levels']}, {s['flat']:.2f}, {s['texture']:.2f})"
            for _, p, s in rejected) + "\n")
    log(f"{len(rows) - n_syn} photographs ({len(rejected)} rejected) + {n_syn} synthetic images "
        f"-> {out}; manifest {manifest}")
    return rows, rejected


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder for the grayscale PNGs (outside git)")
    p.add_argument("--manifest", required=True, help="TSV manifest to write (committed)")
    p.add_argument("--synthetic-share", type=float, default=0.15,
                   help="share of patches from simulated fluorescence images (0 = none)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    if not 0 <= a.synthetic_share < 1:
        print(f"error: --synthetic-share {a.synthetic_share} must lie in [0, 1): e.g. 0.15", file=sys.stderr)
        sys.exit(2)
    try:
        build(a.out, a.manifest, a.synthetic_share, a.seed)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
