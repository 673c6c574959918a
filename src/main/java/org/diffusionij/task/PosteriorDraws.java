package org.diffusionij.task;

/**
 * K posterior draws of n images run as ONE batch of K·n through the sampler, so each network call
 * (and each tile batch of the tiled model) carries all draws together. Order is image-major: draw
 * k of image i is batch entry i·K + k, so a per-image noise stream (PerImageNoise over K·n
 * entries) gives image i the same draws whatever chunk it is run in.
 */
final class PosteriorDraws {

    private PosteriorDraws() {
    }

    /** Refuses K < 1 with one line naming the fix (memory is bounded by the caller's chunking). */
    static void checkCount(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("samples must be at least 1 (posterior draws per image), got " + k);
        }
    }

    /** Each of the n blocks of {@code size} values repeated K times in place (image-major). */
    static float[] replicate(float[] x, int n, int size, int k) {
        if (k == 1) return x.clone();
        float[] out = new float[Tensors.size((long) n * k, 1, 1, size, "the batch of " + k + " draws")];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) System.arraycopy(x, i * size, out, (i * k + j) * size, size);
        }
        return out;
    }
}
