#!/usr/bin/python3
"""Where a network's time goes in ONNX Runtime, by kind of kernel, for one or more profiles written by
`NetworkEfficiencyBench ... PROFILE_PREFIX` (ORT's JSON trace): a markdown table on stdout and, with
--figure, a bar chart.

    bench/op_profile.py --figure bench/figures/network-time-by-op.png \
        "group-norm general=/tmp/gn_*.json" "norm-free general=/tmp/nf_*.json"

Kernel times are summed over every run in the profile and divided by the number of runs, so the
milliseconds are per call; profiling slows every kernel a little, so compare shares, not totals."""
import argparse
import collections
import glob
import json

# ONNX Runtime's kernel names after its graph optimisations, grouped by what they do.
KINDS = [
    ("convolution", {"Conv", "FusedConv"}),
    ("attention matmul", {"MatMul", "FusedMatMul", "Gemm"}),
    ("layout reorders", {"ReorderInput", "ReorderOutput"}),
    ("normalisation", {"InstanceNormalization", "GroupNormalization", "LayerNormalization"}),
    ("SiLU", {"QuickGelu", "Sigmoid"}),
    ("add / mul", {"Add", "Mul", "Sum"}),
    ("concat", {"Concat"}),
    ("softmax", {"Softmax"}),
]


def kind_of(op):
    return next((kind for kind, ops in KINDS if op in ops), "other")


def per_call_ms(path):
    """{kind: ms per network call} from one ORT profile."""
    events = json.load(open(path))
    runs = sum(1 for e in events if e.get("cat") == "Session" and e.get("name") == "model_run") or 1
    total = collections.Counter()
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            total[kind_of(e["args"].get("op_name", ""))] += e["dur"] / 1000.0
    return {k: v / runs for k, v in total.items()}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("profiles", nargs="+", metavar="LABEL=GLOB", help="a label and the profile JSON (glob: the newest)")
    p.add_argument("--figure", help="PNG to write")
    p.add_argument("--title", help="the figure's title")
    a = p.parse_args(argv)
    rows = []
    for spec in a.profiles:
        label, pattern = spec.split("=", 1)
        files = sorted(glob.glob(pattern))
        if not files:
            raise SystemExit(f"error: no profile matches {pattern}")
        rows.append((label, per_call_ms(files[-1])))
    kinds = [k for k, _ in KINDS] + ["other"]
    print("| kernel kind | " + " | ".join(f"{label} (ms per call, share)" for label, _ in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for kind in kinds:
        cells = []
        for _, ms in rows:
            total = sum(ms.values())
            cells.append(f"{ms.get(kind, 0):.1f} ({100 * ms.get(kind, 0) / total:.0f} %)")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    print("| **all kernels** | " + " | ".join(f"**{sum(ms.values()):.1f}**" for _, ms in rows) + " |")
    if a.figure:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(9, 0.8 + 0.6 * len(rows)))
        colours = plt.get_cmap("tab10").colors
        for i, (label, ms) in enumerate(rows):
            left = 0.0
            for j, kind in enumerate(kinds):
                v = ms.get(kind, 0.0)
                ax.barh(i, v, left=left, color=colours[j % len(colours)], label=kind if i == 0 else None)
                left += v
        ax.set_yticks(range(len(rows)), [label for label, _ in rows])
        ax.invert_yaxis()
        ax.set_xlabel("kernel time per network call (ms)")
        if a.title:
            ax.set_title(a.title, fontsize=10)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.savefig(a.figure, dpi=120, bbox_inches="tight")
        print(f"\nwrote {a.figure}")


if __name__ == "__main__":
    main()
