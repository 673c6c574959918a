"""The PyTorch side of the speed benchmark (scripts/bench): times the reference sampler
(sampling.sample) on the very network of an exported ONNX file, measures the machine's SGEMM rate
and counts the network's FLOPs from the ONNX graph, all in one run; writes one JSON file.

The network is rebuilt from the ONNX file alone: its architecture from the model card
(`model.architecture`), its weights from the graph initializers. Most initializers keep their
PyTorch state_dict names; GroupNorm affine parameters are exported as anonymous Mul/Add constants
and are mapped back by the scope in the consuming node's name ("/down.0.0/norm1/Mul" ->
down.0.0.norm1.weight). A forward pass on a seeded input is written out so the Java side can show
that ONNX Runtime and this network compute the same function.

    PYTHONPATH=training python3 -m diffusion_ij_train.bench_torch --model models/fashion-mnist-32.onnx \\
        --sampler dpm++2m --steps 20 --batch 16 --threads 2 --out bench/work/torch.json
"""
import argparse
import json
import os
import re
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m diffusion_ij_train.bench_torch", description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="exported ONNX model (diffusion_ij contract)")
    p.add_argument("--sampler", default="dpm++2m", choices=["ddpm", "ddim", "dpm++2m"])
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--threads", type=int, default=2, help="torch intra-op threads (= ONNX Runtime's on the Java side)")
    p.add_argument("--repeats", type=int, default=3, help="timed sampler runs after one warm-up; the best counts")
    p.add_argument("--gemm-size", type=int, default=1024)
    p.add_argument("--omp-wait-policy", default="default", choices=["default", "passive", "active"],
                   help="OMP_WAIT_POLICY for torch's OpenMP pool; on a busy machine spinning threads (the default) "
                        "can stall each parallel region, so scripts/bench times both and keeps the faster")
    p.add_argument("--check-dir", default=None, help="write x.f32, t.f32, eps.f32 of a seeded forward pass here")
    p.add_argument("--out", required=True, help="JSON file to write (and NAME.properties beside it)")
    return p.parse_args(argv)


def architecture_from_card(text):
    m = re.fullmatch(r"UNet ch=(\d+) mult=([\d,]+) res_blocks=(\d+) attn_levels=([\d,]*)(?: norm=(\w+))?", text.strip())
    if not m:
        raise SystemExit(f"error: cannot read the architecture from model.architecture='{text}'; "
                         "this script rebuilds only diffusion_ij_train UNets")
    ints = lambda s: tuple(int(v) for v in s.split(",") if v)
    return dict(base_channels=int(m.group(1)), channel_mult=ints(m.group(2)), num_res_blocks=int(m.group(3)),
                attention_levels=ints(m.group(4)), norm=m.group(5) or "group")


def onnx_parameters(model):
    """state_dict-named arrays from the graph initializers (see the module docstring)."""
    from onnx import numpy_helper
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    for n in model.graph.node:
        if n.op_type == "Identity" and n.input[0] in init:
            init[n.output[0]] = init[n.input[0]]
    params = dict(init)
    for n in model.graph.node:
        if n.op_type in ("Mul", "Add"):
            consts = [i for i in n.input if i in init]
            if len(consts) == 1 and "/" in n.name.strip("/"):
                scope = n.name.strip("/").rsplit("/", 1)[0].replace("/", ".")
                params.setdefault(scope + (".weight" if n.op_type == "Mul" else ".bias"), init[consts[0]])
    return params


def group_count(model):
    from onnx import numpy_helper
    init = {i.name: i for i in model.graph.initializer}
    for n in model.graph.node:
        if n.op_type == "InstanceNormalization":
            for name in n.input[1:2]:
                if name in init:
                    return int(numpy_helper.to_array(init[name]).size)
            consts = {o: node for node in model.graph.node if node.op_type == "Constant" for o in node.output}
            if n.input[1] in consts:
                return int(numpy_helper.to_array(consts[n.input[1]].attribute[0].t).size)
    return 8


def load_network(path):
    import numpy as np
    import onnx
    import torch
    from .unet import UNet, UNetConfig
    model = onnx.load(path)
    meta = {p.key: p.value for p in model.metadata_props}
    arch = architecture_from_card(meta.get("model.architecture", ""))
    cfg = UNetConfig(in_channels=int(meta["in_channels"]), groups=group_count(model), **arch)
    net = UNet(cfg).eval()
    params = onnx_parameters(model)
    state = net.state_dict()
    missing = [k for k in state if k not in params]
    if missing:
        raise SystemExit(f"error: {len(missing)} parameters not found in {path}, e.g. {missing[:3]}")
    loaded = {}
    for k, v in state.items():
        a = np.asarray(params[k], dtype=np.float32)
        if a.size != v.numel():
            raise SystemExit(f"error: parameter {k} has {a.size} values in the ONNX file, the UNet wants {v.numel()}")
        loaded[k] = torch.from_numpy(a.copy()).reshape(v.shape)
    net.load_state_dict(loaded)
    abar = [float(a) for a in meta["alphas_cumprod"].split(",")]
    return net, cfg, meta, abar, model


def count_flops(model, n, c, size):
    """FLOPs of one forward pass (2 x multiply-accumulates of Conv, MatMul and Gemm nodes)."""
    import onnx
    from onnx import shape_inference
    m = onnx.ModelProto()
    m.CopyFrom(model)
    for inp in m.graph.input:
        dims = inp.type.tensor_type.shape.dim
        for d, v in zip(dims, [n, c, size, size] if inp.name == "x" else [n]):
            d.ClearField("dim_param")
            d.dim_value = v
    m = shape_inference.infer_shapes(m, data_prop=True)
    shapes = {}
    for v in list(m.graph.value_info) + list(m.graph.input) + list(m.graph.output):
        shapes[v.name] = [d.dim_value if d.HasField("dim_value") else None for d in v.type.tensor_type.shape.dim]
    for i in m.graph.initializer:
        shapes[i.name] = list(i.dims)
    total, unknown = 0, []
    for node in m.graph.node:
        if node.op_type not in ("Conv", "MatMul", "Gemm"):
            continue
        a, b, out = shapes.get(node.input[0]), shapes.get(node.input[1]), shapes.get(node.output[0])
        if any(s is None or None in s or 0 in s for s in (a, b, out)):
            unknown.append(node.name)
            continue
        outs = 1
        for d in out:
            outs *= d
        if node.op_type == "Conv":
            macs = outs * b[1] * b[2] * b[3]           # weight [Cout, Cin/groups, kh, kw]
        elif node.op_type == "Gemm":
            trans_a = next((at.i for at in node.attribute if at.name == "transA"), 0)
            macs = outs * (a[0] if trans_a else a[1])
        else:
            macs = outs * a[-1]
        total += 2 * macs
    return total, unknown


def write_matmul_onnx(path, size):
    """A one-node graph y = x @ W (W a [size, size] initializer) for timing ONNX Runtime's own SGEMM
    on the Java side, so the SGEMM ceiling includes the best GEMM this machine has."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    w = np.random.RandomState(1).rand(size, size).astype(np.float32)
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["y"])], "sgemm",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [size, size])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [size, size])],
                              [numpy_helper.from_array(w, "W")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def sgemm_rates(size, repeats=10):
    import numpy as np
    import torch
    a = np.random.RandomState(0).rand(size, size).astype(np.float32)
    b = np.random.RandomState(1).rand(size, size).astype(np.float32)
    flops = 2.0 * size ** 3
    rates = {}
    for name, fn in (("numpy", lambda: a @ b), ("torch", lambda: torch.mm(ta, tb))):
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        fn()
        best = min(_timed(fn) for _ in range(repeats))
        rates[name] = flops / best / 1e9
    return rates


def _timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def write_whole(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    a = parse_args(argv)
    # BLAS thread pools size themselves when first loaded: fix them before importing numpy/torch.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    if a.omp_wait_policy != "default":
        os.environ["OMP_WAIT_POLICY"] = a.omp_wait_policy.upper()
    import numpy as np
    import torch
    from .sampling import sample, NoiseSource
    torch.set_num_threads(a.threads)
    if not os.path.isfile(a.model):
        print(f"error: no model at {a.model}", file=sys.stderr)
        sys.exit(2)
    net, cfg, meta, abar, model = load_network(a.model)
    c, size = int(meta["in_channels"]), int(meta["sample_size"])

    if a.check_dir:
        os.makedirs(a.check_dir, exist_ok=True)
        x = np.random.RandomState(0).randn(4, c, size, size).astype(np.float32)
        t = np.array([0.0, 250.0, 500.0, len(abar) - 1.0], dtype=np.float32)
        with torch.no_grad():
            eps = net(torch.from_numpy(x), torch.from_numpy(t)).numpy()
        for name, arr in (("x", x), ("t", t), ("eps", eps)):
            arr.astype("<f4").tofile(os.path.join(a.check_dir, name + ".f32"))
        write_matmul_onnx(os.path.join(a.check_dir, f"sgemm{a.gemm_size}.onnx"), a.gemm_size)

    flops, unknown = count_flops(model, 1, c, size)
    shape = (a.batch, c, size, size)
    kwargs = dict(steps=a.steps, sampler=a.sampler, variance_type=meta.get("variance_type", "fixed_small"),
                  clip_sample=True)
    sample(net, abar, shape, noise=NoiseSource(torch.Generator().manual_seed(0)), **kwargs)   # warm-up
    times = []
    for r in range(a.repeats):
        t0 = time.perf_counter()
        sample(net, abar, shape, noise=NoiseSource(torch.Generator().manual_seed(r + 1)), **kwargs)
        times.append(time.perf_counter() - t0)
    best = min(times)
    result = {
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "threads": a.threads,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "default"),
        "sampler": a.sampler,
        "steps": a.steps,
        "batch": a.batch,
        "image_size": size,
        "channels": c,
        "weights": "loaded from the ONNX initializers",
        "groups": cfg.groups,
        "architecture": meta.get("model.architecture", ""),
        "sample_seconds": times,
        "images_per_second": a.batch / best,
        "network_calls_per_second": a.batch * a.steps / best,
        "flops_per_image": flops,
        "flops_unknown_nodes": unknown,
        "sgemm_size": a.gemm_size,
        "sgemm_gflops": sgemm_rates(a.gemm_size),
        "load_average": os.getloadavg(),
    }
    write_whole(a.out, json.dumps(result, indent=2) + "\n")
    # The same numbers flat, as Java properties, for the Java side of the report.
    flat = {k: v for k, v in result.items() if not isinstance(v, (list, dict))}
    flat.update({f"sgemm_gflops_{k}": v for k, v in result["sgemm_gflops"].items()})
    flat["sgemm_gflops"] = max(result["sgemm_gflops"].values())
    flat["sample_seconds"] = ",".join(f"{t:.4f}" for t in times)
    flat["load_average"] = " ".join(f"{v:.2f}" for v in result["load_average"])
    write_whole(os.path.splitext(a.out)[0] + ".properties", "".join(f"{k}={v}\n" for k, v in flat.items()))
    print(f"torch: {result['images_per_second']:.2f} images/s ({a.sampler}, {a.steps} steps, batch {a.batch}, "
          f"{a.threads} threads); SGEMM {max(result['sgemm_gflops'].values()):.1f} GFLOP/s; "
          f"network {flops / 1e9:.3f} GFLOP/image")


if __name__ == "__main__":
    main()
