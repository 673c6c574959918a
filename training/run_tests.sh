#!/usr/bin/env bash
# Runs the Python training tests from the repository root: training/run_tests.sh [pytest args]
# Exit status is pytest's, except that "no tests collected" (5) counts as a failure: this suite
# must always run tests, and finding none means the checkout or the test discovery is broken.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1
if ! /usr/bin/python3 -c "import torch, onnx, numpy, PIL, pytest" 2>/dev/null; then
    echo "training tests: /usr/bin/python3 lacks torch, onnx, numpy, PIL or pytest" \
         "(Debian: python3-torch python3-onnx python3-numpy python3-pil python3-pytest)" >&2
    exit 1
fi
# One thread per process: the suite is sized for a shared 1-2 core machine.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
/usr/bin/python3 -m pytest -q -p no:cacheprovider training/tests "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "training tests: pytest collected no tests from training/tests: this counts as a failure" >&2
    exit 1
fi
exit "$status"
