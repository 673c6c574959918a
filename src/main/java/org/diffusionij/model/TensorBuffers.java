package org.diffusionij.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The input and output tensors of one batch shape, over direct native-order buffers that ONNX
 * Runtime reads and writes in place (zero-copy): each call rewrites {@link #x} and {@link #t}
 * and reads ε from {@link #eps}, so repeated calls of the same shape allocate nothing.
 */
final class TensorBuffers implements AutoCloseable {

    final int n, c, h, w;
    final FloatBuffer x, t, eps;
    final Map<String, OnnxTensor> inputs;
    final Map<String, OnnxTensor> outputs;
    private final OnnxTensor xTensor, tTensor, epsTensor;

    private TensorBuffers(OrtEnvironment env, ModelGraph graph, int n, int c, int h, int w) throws OrtException {
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
        long[] shape = {n, c, h, w};
        x = direct(n * c * h * w);
        t = direct(n);
        eps = direct(n * c * h * w);
        OnnxTensor xt = null, tt = null;
        try {
            xt = OnnxTensor.createTensor(env, x, shape);
            tt = OnnxTensor.createTensor(env, t, new long[] {n});
            epsTensor = OnnxTensor.createTensor(env, eps, shape);
        } catch (OrtException | RuntimeException e) {
            if (xt != null) xt.close();
            if (tt != null) tt.close();
            throw e;
        }
        xTensor = xt;
        tTensor = tt;
        inputs = Map.of(graph.xName(), xTensor, graph.tName(), tTensor);
        outputs = Map.of(graph.epsName(), epsTensor);
    }

    static TensorBuffers allocate(OrtEnvironment env, ModelGraph graph, int n, int c, int h, int w)
            throws OrtException {
        return new TensorBuffers(env, graph, n, c, h, w);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    boolean fits(int n, int h, int w) {
        return this.n == n && this.h == h && this.w == w;
    }

    @Override
    public void close() {
        xTensor.close();
        tTensor.close();
        epsTensor.close();
    }
}
