package org.diffusionij.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A classifier network used as a feature space for the Fréchet distance and KID (as Inception is
 * for FID): input {@code x} float32 [N, 1, S, S] in [-1, 1], outputs {@code logits} [N, K] and
 * {@code features} [N, D]. Runs on the CPU through ONNX Runtime; one session, batched calls.
 */
public final class OnnxFeatureExtractor implements AutoCloseable {

    private static final int BATCH = 256;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int channels;
    private final int size;
    private final Path file;

    private OnnxFeatureExtractor(OrtEnvironment env, OrtSession session, int channels, int size, Path file) {
        this.env = env;
        this.session = session;
        this.channels = channels;
        this.size = size;
        this.file = file;
    }

    /**
     * Opens a classifier ONNX file.
     *
     * @throws ModelException if the file is missing, unreadable or lacks the inputs/outputs above
     */
    public static OnnxFeatureExtractor load(Path onnx, int threads) {
        if (!Files.isRegularFile(onnx)) {
            throw new ModelException("no classifier model at " + onnx
                    + " (the shipped one is models/fashion-mnist-classifier.onnx; give another with --classifier)");
        }
        try {
            OrtEnvironment env = OnnxEpsModel.environment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(onnx.toString(), options);
            if (!session.getInputNames().contains("x")) {
                session.close();
                throw new ModelException("classifier " + onnx + " has no input named 'x' (inputs: "
                        + session.getInputNames() + ")");
            }
            if (!session.getOutputNames().containsAll(Set.of("logits", "features"))) {
                Set<String> outs = session.getOutputNames();
                session.close();
                throw new ModelException("classifier " + onnx + " needs outputs 'logits' and 'features', has " + outs);
            }
            long[] shape = ((TensorInfo) session.getInputInfo().get("x").getInfo()).getShape();
            if (shape.length != 4 || shape[2] < 1 || shape[2] != shape[3] || shape[1] < 1) {
                session.close();
                throw new ModelException("classifier input 'x' must be [N, C, S, S] with fixed C and S, is "
                        + java.util.Arrays.toString(shape));
            }
            return new OnnxFeatureExtractor(env, session, (int) shape[1], (int) shape[2], onnx);
        } catch (OrtException e) {
            throw new ModelException("cannot open classifier " + onnx + ": " + e.getMessage(), e);
        }
    }

    /** S, the side of the square images the classifier takes. */
    public int imageSize() {
        return size;
    }

    public int channels() {
        return channels;
    }

    public Path file() {
        return file;
    }

    /** Feature vectors [n][D] of {@code n} images (NCHW, in [-1, 1], S x S); x is not modified. */
    public double[][] features(float[] x, int n) {
        return run(x, n, "features");
    }

    /** Logits [n][K]. */
    public double[][] logits(float[] x, int n) {
        return run(x, n, "logits");
    }

    private double[][] run(float[] x, int n, String output) {
        int per = channels * size * size;
        if (x.length != (long) n * per) {
            throw new IllegalArgumentException(n + " images of " + channels + "x" + size + "x" + size + " need "
                    + (long) n * per + " values, got " + x.length);
        }
        double[][] out = new double[n][];
        try {
            for (int start = 0; start < n; start += BATCH) {
                int b = Math.min(BATCH, n - start);
                FloatBuffer buf = FloatBuffer.wrap(x, start * per, b * per).slice();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, buf, new long[] {b, channels, size, size});
                     OrtSession.Result result = session.run(Map.of("x", tensor), Set.of(output))) {
                    OnnxValue v = result.get(output).orElseThrow();
                    float[][] rows = (float[][]) v.getValue();
                    for (int i = 0; i < b; i++) {
                        double[] r = new double[rows[i].length];
                        for (int j = 0; j < r.length; j++) r[j] = rows[i][j];
                        out[start + i] = r;
                    }
                }
            }
        } catch (OrtException e) {
            throw new ModelException("classifier " + file + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("closing classifier session failed: " + e.getMessage(), e);
        }
    }
}
