package org.diffusionij.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;

/**
 * The network's graph inputs and outputs as ONNX Runtime reports them, checked against the
 * contract (models/MODEL_CONTRACT.md): inputs {@code x} float32 [N,C,H,W] and {@code t} float32
 * [N], output {@code eps} float32 [N,C,H,W], C equal to the metadata's {@code in_channels} where
 * the graph states it. A foreign network whose tensors have other names can be mapped with the
 * overrides {@code graph.x}, {@code graph.t} and {@code graph.eps}.
 */
public final class ModelGraph {

    /** Override keys that rename the contract's tensors for foreign networks. */
    public static final String X_KEY = "graph.x", T_KEY = "graph.t", EPS_KEY = "graph.eps";

    private final String xName;
    private final String tName;
    private final String epsName;
    private final TensorInfo x;
    private final TensorInfo t;
    private final TensorInfo eps;

    private ModelGraph(String xName, String tName, String epsName, TensorInfo x, TensorInfo t, TensorInfo eps) {
        this.xName = xName;
        this.tName = tName;
        this.epsName = epsName;
        this.x = x;
        this.t = t;
        this.eps = eps;
    }

    /**
     * Checks a session's inputs and outputs against the contract and {@code metadata}.
     *
     * @throws ModelException naming the tensor and what is wrong with it
     */
    static ModelGraph check(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, ModelMetadata metadata) {
        Map<String, String> raw = metadata.raw();
        String xName = raw.getOrDefault(X_KEY, "x");
        String tName = raw.getOrDefault(T_KEY, "t");
        String epsName = raw.getOrDefault(EPS_KEY, "eps");
        checkNamed(metadata, X_KEY, inputs, "input");
        checkNamed(metadata, T_KEY, inputs, "input");
        checkNamed(metadata, EPS_KEY, outputs, "output");
        if (!inputs.containsKey(xName) || !inputs.containsKey(tName) || inputs.size() != 2) {
            throw new ModelException("the network's inputs are " + inputs.keySet() + " but the contract "
                    + "(models/MODEL_CONTRACT.md) needs exactly 'x' float32 [N,C,H,W] and 't' float32 [N]; "
                    + "for a foreign network name its inputs with --override " + X_KEY + "=NAME --override "
                    + T_KEY + "=NAME");
        }
        if (!outputs.containsKey(epsName)) {
            throw new ModelException("the network's outputs are " + outputs.keySet() + " but the contract "
                    + "(models/MODEL_CONTRACT.md) needs 'eps' float32 [N,C,H,W]; for a foreign network name "
                    + "its output with --override " + EPS_KEY + "=NAME");
        }
        TensorInfo x = floatTensor("input", xName, inputs.get(xName), 4, "[N,C,H,W]");
        TensorInfo t = floatTensor("input", tName, inputs.get(tName), 1, "[N]");
        TensorInfo eps = floatTensor("output", epsName, outputs.get(epsName), 4, "[N,C,H,W]");
        int channels = metadata.channels();
        checkChannels("input", xName, x, channels);
        checkChannels("output", epsName, eps, channels);
        long[] xs = x.getShape(), es = eps.getShape();
        for (int d = 2; d < 4; d++) {
            if (xs[d] > 0 && es[d] > 0 && xs[d] != es[d]) {
                throw new ModelException("input '" + xName + "' " + shapeText(x) + " and output '" + epsName + "' "
                        + shapeText(eps) + " differ in size; an eps-network returns the shape it is given");
            }
        }
        return new ModelGraph(xName, tName, epsName, x, t, eps);
    }

    /** An override that renames a tensor must name one the network has. */
    private static void checkNamed(ModelMetadata metadata, String key, Map<String, NodeInfo> tensors, String kind) {
        String name = metadata.overridden(key).orElse(null);
        if (name != null && !tensors.containsKey(name)) {
            throw new ModelException("--override " + key + "=" + name + " names no " + kind + " of the network; its "
                    + kind + "s are " + tensors.keySet() + ": give one of those");
        }
    }

    private static TensorInfo floatTensor(String kind, String name, NodeInfo node, int rank, String shape) {
        if (!(node.getInfo() instanceof TensorInfo)) {
            throw new ModelException(kind + " '" + name + "' is not a tensor (" + node.getInfo()
                    + "); the contract needs float32 " + shape);
        }
        TensorInfo info = (TensorInfo) node.getInfo();
        if (info.type != OnnxJavaType.FLOAT) {
            throw new ModelException(kind + " '" + name + "' has element type " + info.type
                    + "; the contract needs float32 " + shape);
        }
        if (info.getShape().length != rank) {
            throw new ModelException(kind + " '" + name + "' has rank " + info.getShape().length + " "
                    + shapeText(info) + "; the contract needs rank " + rank + " " + shape);
        }
        return info;
    }

    private static void checkChannels(String kind, String name, TensorInfo info, int channels) {
        long c = info.getShape()[1];
        if (c > 0 && c != channels) {
            throw new ModelException(kind + " '" + name + "' has " + c + " channels " + shapeText(info)
                    + " but metadata field 'in_channels' is " + channels
                    + "; fix the metadata (--override in_channels=" + c + ") or use the matching model");
        }
    }

    /** A shape as {@code [N, 1, H, W]}: fixed sizes as numbers, free ones by their name (or ?). */
    static String shapeText(TensorInfo info) {
        long[] shape = info.getShape();
        String[] names = info.getDimensionNames();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0) parts.add(Long.toString(shape[i]));
            else parts.add(names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?");
        }
        return parts.toString();
    }

    /**
     * Checks a request of {@code n} images of {@code h x w} against fixed sizes the graph states.
     *
     * @throws IllegalArgumentException naming the fixed size
     */
    void checkShape(int n, int h, int w) {
        long[] s = x.getShape();
        if ((s[0] > 0 && s[0] != n) || (s[2] > 0 && s[2] != h) || (s[3] > 0 && s[3] != w)) {
            throw new IllegalArgumentException("the network takes input '" + xName + "' " + shapeText(x)
                    + " only; asked for " + n + " images of " + h + "x" + w);
        }
    }

    /** Fixed height of the graph's input, or -1 when free. */
    public long fixedHeight() {
        return x.getShape()[2];
    }

    /** Fixed width of the graph's input, or -1 when free. */
    public long fixedWidth() {
        return x.getShape()[3];
    }

    /** Fixed batch size of the graph's input, or -1 when free. */
    public long fixedBatch() {
        return x.getShape()[0];
    }

    public String xName() {
        return xName;
    }

    public String tName() {
        return tName;
    }

    public String epsName() {
        return epsName;
    }

    /** One line per tensor, e.g. {@code input  x    float32 [N, 1, H, W]}. */
    public List<String> describe() {
        return List.of(
                "input  " + xName + "  float32 " + shapeText(x),
                "input  " + tName + "  float32 " + shapeText(t),
                "output " + epsName + "  float32 " + shapeText(eps));
    }
}
