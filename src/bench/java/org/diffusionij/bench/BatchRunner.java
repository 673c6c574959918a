package org.diffusionij.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model-space task over a list of images in [0, 1] in batches: maps to [-1, 1], calls
 * the task on each batch, maps back and clips to [0, 1] (the data range; clipping is applied to
 * every method alike).
 */
final class BatchRunner {

    /** A task on a batch: n images of inSize² in model space -> n images of outSize² in model space. */
    @FunctionalInterface
    interface BatchTask {
        float[] run(float[] modelSpace, int n, int batchIndex);
    }

    private BatchRunner() {
    }

    static List<float[]> run(List<float[]> inputs, int inSize, int outSize, int batch, BatchTask task) {
        List<float[]> out = new ArrayList<>(inputs.size());
        int in = inSize * inSize, o = outSize * outSize;
        for (int start = 0, k = 0; start < inputs.size(); start += batch, k++) {
            int n = Math.min(batch, inputs.size() - start);
            float[] x = new float[n * in];
            for (int i = 0; i < n; i++) {
                float[] img = inputs.get(start + i);
                for (int j = 0; j < in; j++) x[i * in + j] = 2 * img[j] - 1;
            }
            float[] y = task.run(x, n, k);
            for (int i = 0; i < n; i++) {
                float[] img = new float[o];
                for (int j = 0; j < o; j++) img[j] = clip01((y[i * o + j] + 1) / 2);
                out.add(img);
            }
        }
        return out;
    }

    static float clip01(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    static float[] clip01(float[] img) {
        float[] out = new float[img.length];
        for (int i = 0; i < img.length; i++) out[i] = clip01(img[i]);
        return out;
    }
}
