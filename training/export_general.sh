#!/usr/bin/env bash
# Snapshot the `general` training run into the repository and export it:
#   training/export_general.sh [RUN_DIR]      default RUN_DIR: /work/data/runs/general
# copies checkpoint.pt + log.csv to training/checkpoints/general/ (what `--resume` continues from),
# exports models/general.onnx, measures one-call denoising on the reserved images against tuned
# non-local means (NLM results cached in training/corpus/nlm_cache.json), writes the model card
# models/general.md with that table and the loss curve, and the bioimage.io package
# models/general.bioimage.zip. Runs at the lowest CPU priority on one thread.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:-/work/data/runs/general}"
cd "$root"
export PYTHONPATH="$root/training" OMP_NUM_THREADS=1
py="nice -n 19 /usr/bin/python3"
snap=training/checkpoints/general
mkdir -p "$snap"
if [ "$(cd "$run" && pwd)" != "$(cd "$snap" && pwd)" ]; then
    cp "$run/checkpoint.pt" "$snap/checkpoint.pt.tmp" && mv "$snap/checkpoint.pt.tmp" "$snap/checkpoint.pt"
    cp "$run/log.csv" "$snap/log.csv"
fi
step=$($py -c "import sys; from diffusion_ij_train.train import load_checkpoint; print(load_checkpoint('$snap/checkpoint.pt')['step'])")
manifest=training/corpus/MANIFEST.tsv
photos=$(grep -v '^#' "$manifest" | tail -n +2 | grep -vc $'\tsynthetic\t' || true)
synthetic=$(grep -c $'\tsynthetic\t' "$manifest" || true)
$py -m diffusion_ij_train.export --run-dir "$snap" --out models/general.onnx --name general --bioimage none \
    --dataset "general corpus: $photos grayscale photographs from Debian packages (plasma-workspace-wallpapers, mate-backgrounds, gnome-backgrounds, opencv-doc, python3-skimage) and $synthetic simulated fluorescence images (15% of the patches), random 64x64 patches with flips, 90-degree rotations and intensity jitter; every file in training/corpus/MANIFEST.tsv; the reserved evaluation images excluded" \
    --data-license "per file in training/corpus/MANIFEST.tsv: GPL-2+, Apache-2.0 AND BSD-3-Clause, BSD-3-Clause, CC-BY-SA (GNOME), generated"
$py -m diffusion_ij_train.eval_denoise --run-dir "$snap" --nlm-cache training/corpus/nlm_cache.json \
    --json /tmp/general_eval.json --markdown /tmp/general_eval.md
{
    echo "**Status: an early model.** Its residual blocks have no normalisation (\`--norm none\`), which runs about"
    echo "1.6x faster in ONNX Runtime on a CPU than the GroupNorm blocks of the first \`general\` (bench/notes.md,"
    echo "\"Network efficiency\"). It started from that model's EMA weights (10,670 steps; commit bb8413d's"
    echo "\`training/checkpoints/general/checkpoint.pt\`; learning rate 5e-4 up to its step 2738, 2e-4 since) and was"
    echo "trained $step more steps at 2e-4 on one low-priority thread of a shared 2-core CPU; training continues from"
    echo "the committed checkpoint (\`training/checkpoints/general/\`)."
    echo
    cat /tmp/general_eval.md
    echo
    echo "*Measured with \`PYTHONPATH=training python3 -m diffusion_ij_train.eval_denoise --run-dir training/checkpoints/general --nlm-cache training/corpus/nlm_cache.json\`"
    echo "(one network call per 128x128 tile at the timestep whose noise level matches σ; NLM: skimage \`denoise_nl_means\`, 7x7 patches, distance 11, fast mode, best h per image on a 0.1σ..1σ grid, i.e. tuned on the answer).*"
} > /tmp/general_notes.md
$py -m diffusion_ij_train.model_card --run-dir "$snap" --onnx models/general.onnx \
    --hardware "one thread (nice 19) of a 2-core x86-64 CPU shared with builds and benchmarks, no GPU; this run only (the group-norm model it started from took about 246 min)" \
    --notes /tmp/general_notes.md --no-samples \
    --regenerate "Regenerate: \`training/make_corpus.sh /work/data/general\`, then resume with \`scripts/train --data /work/data/general --size 64 --channels 1 --batch 16 --lr 2e-4 --warmup 200 --base-channels 16 --channel-mult 1,2,4,4 --num-res-blocks 1 --attention-levels 3 --normalize fixed:0,255 --t-sampling restoration --intensity-jitter 0.3 --threads 1 --steps 100000 --checkpoint-every 200 --sample-every 0 --log-every 25 --norm none --run-dir training/checkpoints/general --name general --resume\` (a fresh run adds \`--init-from\` the group-norm checkpoint named above), and export with \`training/export_general.sh training/checkpoints/general\`."
$py -c "
from diffusion_ij_train.bioimage import write_package
from diffusion_ij_train.eval_denoise import load_ema
net = load_ema('$snap')[0]
write_package('models/general.onnx', net, 'models/general.bioimage.zip', 'models/general.md')
"
ls -la models/general.* "$snap"
