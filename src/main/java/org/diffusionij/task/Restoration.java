package org.diffusionij.task;

/**
 * A restoration task's result for n images in model space: the estimate and, when it was made
 * from K ≥ 2 posterior draws, their per-pixel standard deviation (the uncertainty).
 *
 * @param mean  n x C x h x w: the estimate (a posterior mean, or the single draw when K = 1)
 * @param std   n x C x h x w sample standard deviation of the K draws (K - 1 denominator), in model
 *              units; {@code null} when fewer than 2 draws were made
 * @param draws K, the posterior draws behind {@code std} (0 for a pure Tweedie mean)
 */
public record Restoration(float[] mean, float[] std, int draws) {

    /** True when {@link #std} is there. */
    public boolean hasUncertainty() {
        return std != null;
    }

    /**
     * Mean and std over K draws stored image-major: draw k of image i is block {@code i*K + k} of
     * {@code size} values ({@link PosteriorDraws#replicate} order). With K = 1 the draw itself.
     */
    static Restoration ofDraws(float[] draws, int k, int n, int size) {
        if (k == 1) return new Restoration(draws, null, 1);
        float[] mean = new float[n * size];
        float[] std = new float[n * size];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < size; p++) {
                // Welford's update: one pass, no cancellation for values with a large mean.
                double m = 0, s = 0;
                for (int j = 0; j < k; j++) {
                    double v = draws[(i * k + j) * size + p];
                    double d = v - m;
                    m += d / (j + 1);
                    s += d * (v - m);
                }
                mean[i * size + p] = (float) m;
                std[i * size + p] = (float) Math.sqrt(s / (k - 1));
            }
        }
        return new Restoration(mean, std, k);
    }
}
