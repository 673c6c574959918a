package org.diffusionij.task;

import static org.diffusionij.task.TaskTestSupport.MU;
import static org.diffusionij.task.TaskTestSupport.SD;
import static org.diffusionij.task.TaskTestSupport.gaussian;
import static org.diffusionij.task.TaskTestSupport.mean;
import static org.diffusionij.task.TaskTestSupport.std;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.TimestepSpacing;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

/**
 * Denoising with the exact network for x0 ~ N(μ, s²): the posterior p(x0 | y = x0 + σn) is Gaussian
 * with mean μ + s²/(s²+σ²)(y-μ) and variance s²σ²/(s²+σ²). Here μ = 0.3, s = 0.5, σ = 0.3: mean
 * 0.07941 + 0.73529·y, standard deviation 0.25725.
 *
 * <p>Expected discretisation, from propagating x = A·y + B + noise(V) through the contract's
 * equations in float64 (independent Python computation): DDPM keeps the posterior mean exactly for
 * any step count (A = 0.73529, B = 0.07941) and, with β̃ variance and 50 steps, has std 0.24778
 * (3.7% under). DPM-Solver++ is the deterministic probability-flow map x0 = 0.85740·y + 0.04278
 * (the exact ODE map is s/√(s²+σ²) = 0.85749).
 */
class DenoiseTaskTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);
    static final double SIGMA = 0.3;
    static final double SHRINK = SD * SD / (SD * SD + SIGMA * SIGMA);
    static final double DDPM50_STD = 0.24778;
    static final SamplerSettings DDPM50 =
            new SamplerSettings(SamplerKind.DDPM, 50, 0, TimestepSpacing.TRAILING, false, false);

    static float[] noisy(int size, long seed) {
        float[] clean = gaussian(size, MU, SD, seed);
        float[] n = gaussian(size, 0, SIGMA, seed + 1);
        for (int i = 0; i < size; i++) clean[i] += n[i];
        return clean;
    }

    static double posteriorMean(double y) {
        return MU + SHRINK * (y - MU);
    }

    @Test
    void startTimestepMatchesTheNoiseLevel() {
        double t = DenoiseTask.startTimestep(COSINE, SIGMA);
        assertEquals(1 / (1 + SIGMA * SIGMA), COSINE.alphaBar(t), 1e-12);
        assertEquals(178.19724, t, 1e-4);   // bisection on the same table in Python
    }

    @Test
    void averageOfManySamplesIsThePosteriorMeanAtEveryPixel() {
        // K = 1024 draws per pixel: the average's error has std 0.24778/32 = 0.0077 (DDPM's mean is
        // exact, so no bias term); 4.5 std bounds the max over 256 pixels (P ≈ 0.2% that any exceeds).
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 16, w = 16, k = 1024;
        float[] y = noisy(h * w, 11), copy = y.clone();
        float[] out = new DenoiseTask(SIGMA, k).run(model, DDPM50, y, 1, h, w, new GaussianNoise(3), Progress.none(),
                CancelToken.none());
        assertArrayEquals(copy, y, "input must not be modified");
        assertEquals(50, model.calls(), "all samples go through the network together");
        double sdAverage = DDPM50_STD / Math.sqrt(k);
        double sumD = 0;
        for (int i = 0; i < y.length; i++) {
            double d = out[i] - posteriorMean(y[i]);
            assertTrue(Math.abs(d) <= 4.5 * sdAverage, "pixel " + i + " off the posterior mean by " + d);
            sumD += d;
        }
        assertEquals(0, sumD / y.length, 4 * sdAverage / Math.sqrt(y.length), "mean deviation");
    }

    @Test
    void singleSamplesHaveThePosteriorSpread() {
        // 16384 pixels: std of (x0 - posterior mean) has standard error 0.24778/√(2·16384) = 0.0014.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 128, w = 128;
        float[] y = noisy(h * w, 21);
        float[] out = new DenoiseTask(SIGMA, 1).run(model, DDPM50, y, 1, h, w, new GaussianNoise(4), Progress.none(),
                CancelToken.none());
        float[] d = new float[y.length];
        for (int i = 0; i < y.length; i++) d[i] = (float) (out[i] - posteriorMean(y[i]));
        double se = DDPM50_STD / Math.sqrt(2.0 * y.length);
        assertEquals(0, mean(d), 4 * DDPM50_STD / Math.sqrt(y.length), "mean");
        assertEquals(DDPM50_STD, std(d), 4 * se, "std of the 50-step chain");
        double exactPosteriorStd = Math.sqrt(SD * SD * SIGMA * SIGMA / (SD * SD + SIGMA * SIGMA));
        assertEquals(exactPosteriorStd, std(d), 0.04 * exactPosteriorStd, "within 4% of the exact posterior std");
    }

    @Test
    void deterministicSamplerFollowsTheProbabilityFlowMap() {
        // Float32 state over 20 steps: ~1e-6 rounding; 1e-4 leaves room and still pins both coefficients.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 8, w = 8;
        float[] y = noisy(2 * h * w, 31);
        float[] out = new DenoiseTask(SIGMA, 1).run(model, SamplerSettings.defaults().withClipSample(false), y, 2, h,
                w, dst -> {
                    throw new AssertionError("deterministic denoising draws no noise");
                }, Progress.none(), CancelToken.none());
        for (int i = 0; i < y.length; i++) assertEquals(0.8574007957 * y[i] + 0.0427797613, out[i], 1e-4);
    }

    @Test
    void badArgumentsAreRefused() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenoiseTask(2, 4).run(model, SamplerSettings.defaults(), new float[16], 1, 4, 4,
                        new GaussianNoise(1), Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("deterministic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DenoiseTask(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DenoiseTask(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new DenoiseTask(0.1, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new DenoiseTask(0.1, 1).run(model, DDPM50,
                new float[15], 1, 4, 4, new GaussianNoise(1), Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("15 values"), e.getMessage());
        float[] nan = new float[16];
        nan[3] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> new DenoiseTask(0.1, 1).run(model, DDPM50, nan, 1, 4,
                4, new GaussianNoise(1), Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void posteriorMeanIsTweediesFormulaInOneCall() {
        // The oracle's Tweedie estimate is the exact posterior mean μ + s²/(s²+σ²)(y-μ); float32
        // arithmetic on values of magnitude ~2 leaves ~1e-6.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 8, w = 8, n = 3;
        float[] y = noisy(n * h * w, 41), copy = y.clone();
        Restoration r = new DenoiseTask(SIGMA, Estimate.MEAN, 1).restore(model, SamplerSettings.defaults(), y, n, h,
                w, dst -> {
                    throw new AssertionError("the posterior mean draws no noise");
                }, Progress.none(), CancelToken.none());
        assertArrayEquals(copy, y, "input must not be modified");
        assertEquals(1, model.calls(), "one network call for all images");
        assertEquals(n, model.images());
        assertEquals(null, r.std());
        for (int i = 0; i < y.length; i++) assertEquals(posteriorMean(y[i]), r.mean()[i], 2e-6, "pixel " + i);
    }

    @Test
    void posteriorMeanAtAFractionalTimestepUsesItsExactAlphaBar() {
        // σ = 0.3 sits at t* = 178.197 (not an integer): scaling y by the ᾱ of a rounded t would bias
        // the result by ~1e-3, far above the 2e-6 allowed here.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        float[] y = {-1.5f, -0.2f, 0.3f, 0.9f, 2.4f};
        float[] x = DenoiseTask.posteriorMean(model, SIGMA, y, 1, 1, y.length, CancelToken.none());
        for (int i = 0; i < y.length; i++) assertEquals(posteriorMean(y[i]), x[i], 2e-6);
    }

    @Test
    void meanModeDrawsGiveThePosteriorStdBesideTweediesMean() {
        // K = 64 DDPM-50 draws per pixel (the deterministic default sampler is replaced by DDPM for
        // draws): the per-pixel variance has relative standard error √(2/63) = 18%, 1.1% over 256
        // pixels; 4 standard errors = 4.5% on the variance. Expected std: DDPM-50's 0.24778.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 16, w = 16, k = 64, n = 2;
        float[] y = noisy(n * h * w, 51);
        Restoration r = new DenoiseTask(SIGMA, Estimate.MEAN, k).restore(model,
                SamplerSettings.defaults().withSteps(50).withClipSample(false), y, n, h, w, new GaussianNoise(5),
                Progress.none(), CancelToken.none());
        assertEquals(1 + 50, model.calls(), "Tweedie's call, then 50 steps with all K draws in one batch");
        assertEquals(n + 50L * n * k, model.images());
        for (int i = 0; i < y.length; i++) assertEquals(posteriorMean(y[i]), r.mean()[i], 2e-6);
        double var = 0;
        for (float s : r.std()) var += s * s;
        var /= r.std().length;
        assertEquals(DDPM50_STD * DDPM50_STD, var, 0.045 * DDPM50_STD * DDPM50_STD, "mean per-pixel variance");
        assertEquals(k, r.draws());
    }

    @Test
    void sampleModeMeanAndStdComeFromTheSameDraws() {
        // Image-major order: the K draws of image 0 do not mix with image 1's. Two images whose
        // noisy values differ by 10 have posterior means 7.35 apart; a mixed-up order would show it.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int size = 64, k = 32;
        float[] y = new float[2 * size];
        java.util.Arrays.fill(y, size, 2 * size, 10f);
        Restoration r = new DenoiseTask(SIGMA, Estimate.SAMPLE, k).restore(model, DDPM50, y, 2, 8, 8,
                new GaussianNoise(6), Progress.none(), CancelToken.none());
        // mean of 32 draws: std 0.2478/√32 = 0.044; 5 of those = 0.22 bounds every pixel
        for (int i = 0; i < size; i++) {
            assertEquals(posteriorMean(0), r.mean()[i], 0.22);
            assertEquals(posteriorMean(10), r.mean()[size + i], 0.22);
            assertEquals(DDPM50_STD, r.std()[i], 0.5 * DDPM50_STD, "one pixel's std over 32 draws");
        }
    }
    @Test
    void meanModeUncertaintyCoversTheTruthAtTheRateItsStatisticsGive() {
        // The 2·std band around Tweedie's mean against the truth x0. With the exact network the mean
        // is exact, x0 − mean ~ N(0, 0.25725²) given y, and the K = 8 unclamped DDPM-50 draws give
        // s² ~ 0.24778² χ²₈/8 about it, independent of x0: P(|x0 − mean| ≤ 2s) = P(|t₈| ≤
        // 2·0.24778/0.25725) = 0.9098 (scipy). 16384 pixels: standard error 0.0022; 4 of them allowed.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 64, w = 64, n = 4, k = 8;
        float[] clean = gaussian(n * h * w, MU, SD, 71);
        float[] y = clean.clone();
        float[] z = gaussian(y.length, 0, SIGMA, 72);
        for (int i = 0; i < y.length; i++) y[i] += z[i];
        Restoration r = new DenoiseTask(SIGMA, Estimate.MEAN, k).restore(model, SamplerSettings.defaults().withSteps(50),
                y, n, h, w, new GaussianNoise(73), Progress.none(), CancelToken.none());
        int in = 0;
        for (int i = 0; i < y.length; i++) if (Math.abs(r.mean()[i] - clean[i]) <= 2 * r.std()[i]) in++;
        assertEquals(0.9098, in / (double) y.length, 4 * 0.0022);
    }

    @Test
    void meanModeDrawsAreNotClampedToTheRange() {
        // Tweedie's mean is never clamped, so neither are the draws whose spread about it is the
        // uncertainty (values outside [−1, 1] come from an estimated range's ends).
        SamplerSettings draws = DenoiseTask.drawSettings(SamplerSettings.defaults());
        assertEquals(SamplerKind.DDPM, draws.kind());
        assertEquals(false, draws.clipSample());
        assertEquals(false, DenoiseTask.drawSettings(DDPM50.withClipSample(true)).clipSample());
    }
}
