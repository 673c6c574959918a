package org.diffusionij.task;

import static org.diffusionij.task.TaskTestSupport.MU;
import static org.diffusionij.task.TaskTestSupport.SD;
import static org.diffusionij.task.TaskTestSupport.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.PerImageNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

/**
 * K posterior draws for super-resolution, inpainting and image to image, with the per-pixel oracle
 * for x0 ~ N(μ, s²) (μ = 0.3, s = 0.5), whose posteriors are known: all K·n draws go through each
 * network call together, the mean keeps each task's exact consistency, and the per-pixel std of the
 * draws is the posterior's (super-resolution: the spread its shortened run predicts, see below). DPM++(2M) 25 steps without clipping has std bias +0.03% on this oracle
 * (SamplerOracleTest), far below the tolerances here.
 */
class PosteriorDrawsTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);
    static final SamplerSettings DPM25 = SamplerSettings.defaults().withSteps(25).withClipSample(false);

    /** Mean over pixels of std²: K = 16 draws give a per-pixel variance with relative SE √(2/15) = 37%. */
    static double meanVariance(float[] std, int from, int to) {
        double v = 0;
        for (int i = from; i < to; i++) v += std[i] * std[i];
        return v / (to - from);
    }

    @Test
    void superResolveDrawsShareOneBatchAndTheirMeanPoolsBackToTheInput() {
        // The draws share the bicubic guess and differ by the noise added at t0: its null-space part,
        // variance (1 - ᾱ0)(1 - 1/k²), is scaled by the flow's s/√(ᾱ0 s² + 1 - ᾱ0) (see
        // SuperResolveTaskTest): 0.079 per pixel at START = 0.25, below the exact null-space posterior
        // s²(1 - 1/k²) = 0.1875 of draws from pure noise. 2 images x 1024 pixels: SE of the mean
        // variance 37%/√2048 = 0.8%; 4 SE = 3.3%.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int n = 2, h = 16, w = 16, k = 16, f = 2;
        float[] y = gaussian(n * h * w, MU, SD / f, 3);
        Restoration r = new SuperResolveTask(f).restore(model, DPM25, y, n, h, w, k, new PerImageNoise(7, 0, n * k),
                Progress.none(), CancelToken.none());
        assertEquals(25, model.calls(), "one call per step for all draws");
        assertEquals(25L * n * k, model.images());
        float[] back = new float[y.length];
        new AveragePooling(f, n, h, w).pool(r.mean(), back);
        for (int i = 0; i < y.length; i++) assertEquals(y[i], back[i], 1e-5, "block " + i);
        double a0 = COSINE.alphaBar(ImageToImageTask.startTimestep(1000, SuperResolveTask.START));
        double expected = SD * SD / (a0 * SD * SD + 1 - a0) * (1 - a0) * (1 - 1.0 / (f * f));
        assertEquals(expected, meanVariance(r.std(), 0, r.std().length), 0.033 * expected);
    }

    @Test
    void inpaintDrawsKeepKnownPixelsAndFillHolesWithThePrior() {
        // Mask stack: one mask per image plane (2 images x 2 channels, each a different hole). Known
        // pixels: every draw equals the image, so std 0 and mean exact. Hole pixels of the per-pixel
        // oracle are independent of the known ones: prior N(μ, s²), variance 0.25.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD, 2, 1);
        int n = 2, c = 2, h = 16, w = 16, k = 16, plane = h * w;
        float[] image = gaussian(n * c * plane, -0.2, 0.1, 5);
        float[] mask = new float[n * c * plane];
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < plane; i++) mask[p * plane + i] = (i / w + i % w + p) % 3 == 0 ? 1 : 0;
        }
        Restoration r = new InpaintTask().restore(model, DPM25, image, mask, n, h, w, k, new GaussianNoise(9),
                Progress.none(), CancelToken.none());
        assertEquals(25, model.calls());
        double var = 0, mean = 0;
        int holes = 0;
        for (int i = 0; i < image.length; i++) {
            if (mask[i] == 0) {
                assertEquals(image[i], r.mean()[i], 0f, "known pixel " + i);
                assertEquals(0f, r.std()[i], 0f, "known pixel " + i);
            } else {
                var += r.std()[i] * r.std()[i];
                mean += r.mean()[i];
                holes++;
            }
        }
        // ~341 hole pixels: SE of the mean variance 37%/√341 = 2%, 4 SE = 8%; the mean of means has
        // SE s/√(16·341) = 0.0068, 4 SE = 0.027.
        assertEquals(SD * SD, var / holes, 0.08 * SD * SD);
        assertEquals(MU, mean / holes, 0.027);
    }

    @Test
    void imageToImageDrawsAtFullStrengthAreDrawsFromThePrior() {
        // Strength 1 starts at t = T-1 where almost nothing of the input is left: each draw is a
        // prior sample N(μ, s²) per pixel, so the per-pixel variance of the draws is s² = 0.25.
        // 1024 pixels: SE 37%/32 = 1.2%, 4 SE = 4.6%.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 32, w = 32, k = 16;
        float[] y = gaussian(h * w, -0.5, 0.1, 1);
        Restoration r = new ImageToImageTask(1).restore(model, DPM25, y, 1, h, w, k, new GaussianNoise(4),
                Progress.none(), CancelToken.none());
        assertEquals(25, model.calls());
        assertEquals(SD * SD, meanVariance(r.std(), 0, h * w), 0.046 * SD * SD);
    }

    @Test
    void oneDrawIsTheRunItselfWithoutStd() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        float[] y = gaussian(64, MU, SD, 2);
        float[] run = new ImageToImageTask(0.5).run(model, DPM25, y, 1, 8, 8, new GaussianNoise(4), Progress.none(),
                CancelToken.none());
        Restoration r = new ImageToImageTask(0.5).restore(model, DPM25, y, 1, 8, 8, 1, new GaussianNoise(4),
                Progress.none(), CancelToken.none());
        assertTrue(java.util.Arrays.equals(run, r.mean()));
        assertEquals(null, r.std());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SuperResolveTask(2)
                .restore(model, DPM25, y, 1, 8, 8, 0, new GaussianNoise(1), Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("samples must be at least 1"), e.getMessage());
    }
}
