"""Experiment (issue 14), not part of the export: rewrites each GroupNorm that torch 1.13 exports at
opset 17 (Reshape -> InstanceNormalization -> Reshape -> Mul -> Add) into one ONNX GroupNormalization-21
node and raises the opset to 21, to time ONNX Runtime's CPU GroupNormalization kernel against the
exported chain. Measured 11 % slower: ONNX Runtime 1.29's CPU provider expands the GroupNormalization
function into ReduceMean/Sub/Sqrt/Div (bench/notes.md, "Speed, issue 14"), so the export keeps opset 17.
Usage: /usr/bin/python3 training/experiments/fuse_groupnorm.py IN.onnx OUT.onnx"""
import sys, onnx
from onnx import helper, numpy_helper
src, dst, opset = sys.argv[1], sys.argv[2], 21
m = onnx.load(src)
g = m.graph
inits = {i.name: i for i in g.initializer}
consts = {n.output[0]: n for n in g.node if n.op_type == "Constant"}
def const_value(name):
    if name in inits: return numpy_helper.to_array(inits[name])
    if name in consts: return numpy_helper.to_array(consts[name].attribute[0].t)
    return None
users = {}
for n in g.node:
    for i in n.input: users.setdefault(i, []).append(n)
producer = {o: n for n in g.node for o in n.output}
remove, new_nodes, fused = set(), {}, 0
for n in g.node:
    if n.op_type != "InstanceNormalization": continue
    r1 = producer[n.input[0]]
    if r1.op_type != "Reshape": continue
    shape = const_value(r1.input[1]); groups = int(shape[1])
    (r2,) = users[n.output[0]]
    (mul,) = users[r2.output[0]]
    (add,) = users[mul.output[0]]
    if r2.op_type != "Reshape" or mul.op_type != "Mul" or add.op_type != "Add": continue
    gamma, beta = const_value(mul.input[1]), const_value(add.input[1])
    c = gamma.size
    eps = helper.get_attribute_value(n.attribute[0])
    gname, bname = n.name + "_gn_scale", n.name + "_gn_bias"
    g.initializer.extend([numpy_helper.from_array(gamma.reshape(c).astype("float32"), gname),
                          numpy_helper.from_array(beta.reshape(c).astype("float32"), bname)])
    gn = helper.make_node("GroupNormalization", [r1.input[0], gname, bname], [add.output[0]],
                          name=n.name + "_gn", epsilon=eps, num_groups=groups)
    new_nodes[id(r1)] = gn
    remove.update(id(x) for x in (n, r2, mul, add))
    fused += 1
nodes = []
for n in g.node:
    if id(n) in new_nodes: nodes.append(new_nodes[id(n)])
    elif id(n) in remove: continue
    else: nodes.append(n)
del g.node[:]
g.node.extend(nodes)
# drop unused constants/initializers
used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
keep = [n for n in g.node if not (n.op_type in ("Constant", "Shape") and all(o not in used for o in n.output))]
while len(keep) != len(g.node):
    del g.node[:]; g.node.extend(keep)
    used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
    keep = [n for n in g.node if not (n.op_type in ("Constant", "Shape") and all(o not in used for o in n.output))]
kept_inits = [i for i in g.initializer if i.name in used]
del g.initializer[:]; g.initializer.extend(kept_inits)
for o in m.opset_import:
    if o.domain in ("", "ai.onnx"): o.version = opset
m.ir_version = 10
del g.value_info[:]
onnx.save(m, dst)
print("fused", fused, "group norms; nodes", len(g.node))
