#!/usr/bin/env bash
# Folder mode vs one launcher call per file (issue 14.4): N noisy 32x32 Fashion-MNIST test images
# (8-bit TIFF, Gaussian noise sigma 25, seed 0) through one `denoise --in DIR` call, and the first
# K of them through K separate `scripts/diffusion-ij denoise` calls (extrapolated to N).
# Usage: bench/folder-mode.sh [N=200] [K=20] [WORKDIR=/tmp/diffusionij-folder-bench]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-200}"; k="${2:-20}"; work="${3:-/tmp/diffusionij-folder-bench}"
rm -rf "$work" && mkdir -p "$work/in"
/usr/bin/python3 - "$work/in" "$n" <<'PY'
import gzip, struct, sys, numpy as np
out, n = sys.argv[1], int(sys.argv[2])
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    _, count, rows, cols = struct.unpack(">IIII", f.read(16))
    imgs = np.frombuffer(f.read(n * rows * cols), np.uint8).reshape(n, rows, cols)
rng = np.random.default_rng(0)
for i, im in enumerate(imgs):
    x = np.pad(im.astype(np.float64), 2)  # 28x28 -> 32x32, the model's training size
    x = np.clip(np.round(x + rng.normal(0, 25, x.shape)), 0, 255).astype(np.uint8)
    h, w = x.shape
    # Minimal baseline TIFF: little-endian, one strip, 8-bit grey, uncompressed.
    entries = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, w * h)]
    ifd = 8 + w * h
    with open(f"{out}/fm{i:04d}.tif", "wb") as t:
        t.write(b"II*\0" + struct.pack("<I", ifd) + x.tobytes())
        t.write(struct.pack("<H", len(entries)))
        for tag, typ, cnt, val in entries:
            t.write(struct.pack("<HHI", tag, typ, cnt) + (struct.pack("<HH", val, 0) if typ == 3 else struct.pack("<I", val)))
        t.write(struct.pack("<I", 0))
PY
echo "machine: $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/scripts/diffusion-ij" --version >/dev/null  # build the jar first, outside the timings

start=$(date +%s.%N)
"$root/scripts/diffusion-ij" denoise --in "$work/in" --out "$work/folder" --device cpu 2>"$work/folder.log" || true
folder=$(echo "$(date +%s.%N) - $start" | bc)
echo "one --in DIR call, $n files: ${folder} s ($(tail -1 "$work/folder.log"))"

mkdir -p "$work/single"
start=$(date +%s.%N)
for f in $(ls "$work/in" | head -n "$k"); do
  "$root/scripts/diffusion-ij" denoise --in "$work/in/$f" --out "$work/single/$f" --device cpu 2>>"$work/single.log" >/dev/null
done
single=$(echo "$(date +%s.%N) - $start" | bc)
echo "$k separate calls: ${single} s; extrapolated to $n: $(echo "$single * $n / $k" | bc) s"
echo "speed-up: $(echo "scale=1; $single * $n / $k / $folder" | bc)x"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Same result alone or in the folder (same seed semantics):
for f in $(ls "$work/single"); do cmp -s "$work/single/$f" "$work/folder/$f" || echo "differs: $f"; done
