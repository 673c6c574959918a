package org.diffusionij.sampler;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.diffusionij.control.CancelToken;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;

/**
 * A minimal ONNX Runtime {@link EpsModel} for the golden-trajectory test, so the sampler can be
 * checked against PyTorch before the production runner (model/OnnxEpsModel) is merged. Test-only:
 * main code reaches ONNX Runtime through model/ alone.
 */
final class OnnxTestModel implements EpsModel {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final ModelMetadata metadata;

    OnnxTestModel(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = env.createSession(file.toString(), options);
        }
        metadata = ModelMetadata.parse(session.getMetadata().getCustomMetadata());
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
        cancel.throwIfCancelled();
        long[] shape = {n, metadata.channels(), h, w};
        try (OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(t, 0, n), new long[] {n});
             OrtSession.Result r = session.run(Map.of("x", xt, "t", tt))) {
            ((OnnxTensor) r.get("eps").orElseThrow()).getFloatBuffer().get(eps);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String device() {
        return "CPU (test runner)";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
