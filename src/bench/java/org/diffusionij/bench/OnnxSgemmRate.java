package org.diffusionij.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.diffusionij.model.ModelException;

/**
 * Measures ONNX Runtime's own single-precision matrix multiply (its MLAS GEMM) on a one-node
 * MatMul graph y = x·W of square size n: the GEMM rate this machine reaches through the same
 * runtime the networks run on, for comparing a network's achieved FLOP rate against.
 */
public final class OnnxSgemmRate {

    private OnnxSgemmRate() {
    }

    /**
     * GFLOP/s (2n³ per multiply) of the best of {@code repeats} runs after one warm-up.
     *
     * @param matmul ONNX file with input {@code x} [n, n] and output {@code y} (bench_torch.py writes it)
     */
    public static double gflops(Path matmul, int threads, int repeats) {
        if (!Files.isRegularFile(matmul)) throw new ModelException("no MatMul model at " + matmul);
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                try (OrtSession s = env.createSession(matmul.toString(), o)) {
                    long[] shape = ((TensorInfo) s.getInputInfo().get("x").getInfo()).getShape();
                    int n = (int) shape[0];
                    if (shape.length != 2 || shape[1] != n) {
                        throw new ModelException("MatMul model input x must be square [n, n], is " + java.util.Arrays.toString(shape));
                    }
                    float[] x = new float[n * n];
                    for (int i = 0; i < x.length; i++) x[i] = (i % 97) / 97f;
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, n})) {
                        Map<String, OnnxTensor> in = Map.of("x", t);
                        s.run(in).close();
                        long best = Long.MAX_VALUE;
                        for (int r = 0; r < repeats; r++) {
                            long t0 = System.nanoTime();
                            s.run(in).close();
                            best = Math.min(best, System.nanoTime() - t0);
                        }
                        return 2.0 * n * n * n / best;
                    }
                }
            }
        } catch (OrtException e) {
            throw new ModelException("timing ONNX Runtime's MatMul failed: " + e.getMessage(), e);
        }
    }
}
