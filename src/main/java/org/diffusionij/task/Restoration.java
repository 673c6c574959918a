package org.diffusionij.task;

/**
 * A restoration task's result for n images in model space: the estimate and, when it was made
 * from K ≥ 2 posterior draws, their per-pixel spread (the uncertainty: their standard deviation, or
 * their rms deviation from the reported mean for Denoise's mean mode).
 *
 * @param mean  n x C x h x w: the estimate (a posterior mean, or the single draw when K = 1)
 * @param std   n x C x h x w, in model units: the sample standard deviation of the K draws (K - 1
 *              denominator) when the estimate is their mean, their root mean square deviation from
 *              the estimate when it was made apart ({@link #aboutCentre}); {@code null} when fewer
 *              than 2 draws were made
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

    /**
     * {@code centre} (n x size, the posterior mean made apart from the draws, e.g. Tweedie's) and,
     * as the uncertainty, the root mean square deviation of the K draws from it:
     * s² = (1/K) Σ_k (d_k − centre)². With exact draws and centre = E[x0 | y], E[s²] is the
     * posterior variance, i.e. the expected squared error of {@code centre}: what a 2·std band
     * around {@code centre} must cover. The draws' own std would miss where they all agree but the
     * centre differs from them (a flat black background: every draw at the same level, the mean a
     * fraction of a grey level off), and it has K − 1 degrees of freedom where this has K.
     */
    static Restoration aboutCentre(float[] draws, float[] centre, int k, int n, int size) {
        if (k < 2) throw new IllegalArgumentException("a spread needs at least 2 draws, got " + k);
        float[] std = new float[n * size];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < size; p++) {
                double c = centre[i * size + p], s = 0;
                for (int j = 0; j < k; j++) {
                    double d = draws[(i * k + j) * size + p] - c;
                    s += d * d;
                }
                std[i * size + p] = (float) Math.sqrt(s / k);
            }
        }
        return new Restoration(centre, std, k);
    }
}
