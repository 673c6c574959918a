package org.diffusionij.task;

import java.util.SplittableRandom;

import org.diffusionij.control.CancelToken;
import org.diffusionij.model.EpsModel;

/**
 * The posterior mean of an image whose noise was clipped at the pixel type's limits (8-bit
 * saturation at 0 and 255): a saturated pixel says only "the noisy value was at or beyond the
 * limit", so it is treated as censored, not observed. Stochastic EM by multiple imputation:
 * start from Tweedie's mean of the clipped image; then, for a few rounds, replace each censored
 * value by draws x̂ + σz with z from the normal truncated to the censored side (what the unclipped
 * noisy value could have been, given the current estimate), take Tweedie's mean of each imputed
 * image (all imputations in one batch) and average them. Observed pixels are never changed.
 * Without this, clipped noise is not zero-mean (a black background reads about 0.4σ bright) and
 * the one-call posterior mean takes that bias as signal.
 */
public final class CensoredDenoise {

    /** Imputed images per round (one network batch). */
    public static final int IMPUTATIONS = 4;
    /** EM rounds after the first mean. */
    public static final int ROUNDS = 3;

    private CensoredDenoise() {
    }

    /** True when some value of {@code noisy} lies at or beyond {@code lo} or {@code hi}. */
    public static boolean anyCensored(float[] noisy, float lo, float hi) {
        for (float v : noisy) if (v <= lo || v >= hi) return true;
        return false;
    }

    /**
     * @param noisy n x C x h x w in model space; values at or below {@code lo} (at or above
     *              {@code hi}) are censored; not modified
     * @param seed  seeds the imputations (the same seed gives the same result)
     * @return the estimate, n x C x h x w in model space
     */
    public static float[] posteriorMean(EpsModel model, double sigma, float[] noisy, int n, int h, int w, float lo,
                                         float hi, long seed, CancelToken cancel) {
        float[] mean = DenoiseTask.posteriorMean(model, sigma, noisy, n, h, w, cancel);
        if (!anyCensored(noisy, lo, hi)) return mean;
        int size = noisy.length;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] batch = new float[size * IMPUTATIONS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int m = 0; m < IMPUTATIONS; m++) {
                int off = m * size;
                for (int i = 0; i < size; i++) {
                    float y = noisy[i];
                    double x = mean[i];
                    if (y <= lo) batch[off + i] = (float) (x + sigma * belowNormal(rnd, (lo - x) / sigma));
                    else if (y >= hi) batch[off + i] = (float) (x - sigma * belowNormal(rnd, (x - hi) / sigma));
                    else batch[off + i] = y;
                }
            }
            float[] est = DenoiseTask.posteriorMean(model, sigma, batch, n * IMPUTATIONS, h, w, cancel);
            for (int i = 0; i < size; i++) {
                double s = 0;
                for (int m = 0; m < IMPUTATIONS; m++) s += est[m * size + i];
                mean[i] = (float) (s / IMPUTATIONS);
            }
        }
        return mean;
    }

    /**
     * σ of clipped noise, model units: Donoho's wavelet estimate sees the clipped, smaller spread,
     * so it is refined by a fixed point: Tweedie's mean at the current σ, each censored value
     * imputed from it (one draw, as in {@link #posteriorMean}), Donoho's estimate of the imputed
     * image (plane by plane, averaged); when σ is right the imputed image is distributed like the
     * unclipped one, so σ stops moving. At most {@value #SIGMA_ROUNDS} rounds, one network call each.
     *
     * @param sigma0 the plain estimate on the clipped image (model units), > 0
     */
    public static double sigma(EpsModel model, double sigma0, float[] noisy, int n, int h, int w, float lo, float hi,
                               long seed, CancelToken cancel) {
        if (!anyCensored(noisy, lo, hi)) return sigma0;
        int c = model.metadata().channels(), plane = h * w;
        SplittableRandom rnd = new SplittableRandom(seed);
        double sigma = sigma0;
        float[] imputed = noisy.clone();
        for (int round = 0; round < SIGMA_ROUNDS; round++) {
            float[] mean = DenoiseTask.posteriorMean(model, sigma, imputed, n, h, w, cancel);
            for (int i = 0; i < noisy.length; i++) {
                float y = noisy[i];
                double x = mean[i];
                if (y <= lo) imputed[i] = (float) (x + sigma * belowNormal(rnd, (lo - x) / sigma));
                else if (y >= hi) imputed[i] = (float) (x - sigma * belowNormal(rnd, (x - hi) / sigma));
            }
            double s = 0;
            for (int p = 0; p < n * c; p++) {
                float[] one = java.util.Arrays.copyOfRange(imputed, p * plane, (p + 1) * plane);
                s += NoiseEstimator.estimateSigma(one, h, w);
            }
            double next = s / (n * c);
            boolean settled = Math.abs(next - sigma) <= 0.01 * sigma;
            sigma = next;
            if (settled) break;
        }
        return sigma;
    }

    /** Most fixed-point rounds of {@link #sigma}. */
    public static final int SIGMA_ROUNDS = 8;

    /**
     * A standard normal draw conditioned on z ≤ b: plain rejection when that keeps at least 16 %
     * of draws (b ≥ −1), otherwise Robert's (1995) exponential rejection for the tail.
     */
    static double belowNormal(SplittableRandom rnd, double b) {
        if (b >= -1) {
            while (true) {
                double z = gaussian(rnd);
                if (z <= b) return z;
            }
        }
        double a = -b;                                   // draw from the tail z ≥ a, then negate
        double lambda = (a + Math.sqrt(a * a + 4)) / 2;
        while (true) {
            double z = a - Math.log(1 - rnd.nextDouble()) / lambda;
            double rho = Math.exp(-(z - lambda) * (z - lambda) / 2);
            if (rnd.nextDouble() <= rho) return -z;
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Marsaglia's polar method
        while (true) {
            double u = 2 * rnd.nextDouble() - 1, v = 2 * rnd.nextDouble() - 1, s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.sqrt(-2 * Math.log(s) / s);
        }
    }
}
