#!/usr/bin/env bash
# The `general` model's training corpus: installs the Debian packages whose images it uses, then cuts
# them into grayscale PNGs (diffusion_ij_train.corpus) and writes training/corpus/MANIFEST.tsv.
#   training/make_corpus.sh [OUT_DIR]      default OUT_DIR: /work/data/general (keep it outside git)
# Needs root for apt-get (or the packages already installed) and python3-pil, python3-scipy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/work/data/general}"
packages=(plasma-workspace-wallpapers mate-backgrounds gnome-backgrounds opencv-doc python3-skimage)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
cd "$root/training"
PYTHONPATH="$root/training" /usr/bin/python3 -m diffusion_ij_train.corpus --out "$out" --manifest corpus/MANIFEST.tsv
