package org.diffusionij.task;

import java.util.Arrays;

/**
 * Estimates the standard deviation of additive white Gaussian noise from the image itself, for
 * denoising when σ is not given.
 */
public final class NoiseEstimator {

    private NoiseEstimator() {
    }

    /**
     * Donoho's robust estimator (Donoho & Johnstone 1994): σ ≈ median(|HH|) / 0.6745 over the
     * finest-scale diagonal Haar wavelet coefficients HH = (a - b - c + d)/2 of each 2x2 block.
     * HH of white noise is N(0, σ²) (orthonormal transform) while smooth image content nearly
     * cancels in it, and the median ignores the few large coefficients at edges; 0.6745 is the
     * median of |N(0, 1)|. Textured images make it overestimate.
     *
     * @param img one or more h x w planes (NCHW order); all are pooled; not modified
     * @return σ in the units of {@code img}
     */
    public static double estimateSigma(float[] img, int h, int w) {
        if (h < 2 || w < 2) {
            throw new IllegalArgumentException("noise estimation needs an image of at least 2 x 2 pixels, got " + w
                    + " x " + h);
        }
        int plane = h * w;
        if (img.length == 0 || img.length % plane != 0) {
            throw new IllegalArgumentException("image has " + img.length + " values, not a whole number of " + w
                    + " x " + h + " planes");
        }
        int planes = img.length / plane, bh = h / 2, bw = w / 2;
        float[] hh = new float[planes * bh * bw];
        int k = 0;
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < bh; y++) {
                int row = p * plane + 2 * y * w;
                for (int x = 0; x < bw; x++) {
                    int i = row + 2 * x;
                    float v = (img[i] - img[i + 1] - img[i + w] + img[i + w + 1]) / 2;
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("image contains NaN or infinite values near index " + i);
                    }
                    hh[k++] = Math.abs(v);
                }
            }
        }
        Arrays.sort(hh);
        int m = hh.length;
        double median = m % 2 == 1 ? hh[m / 2] : 0.5 * (hh[m / 2 - 1] + hh[m / 2]);
        return median / 0.6744897501960817;
    }
}
