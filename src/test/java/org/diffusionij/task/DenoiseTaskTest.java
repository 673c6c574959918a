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
}
