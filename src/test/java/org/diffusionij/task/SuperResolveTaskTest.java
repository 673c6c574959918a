package org.diffusionij.task;

import static org.diffusionij.task.TaskTestSupport.MU;
import static org.diffusionij.task.TaskTestSupport.SD;
import static org.diffusionij.task.TaskTestSupport.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.ConstantImageOracleModel;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

class SuperResolveTaskTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);

    static float[] pool(float[] big, int planes, int h, int w, int k) {
        float[] small = new float[planes * h * w];
        new AveragePooling(k, planes, h, w).pool(big, small);
        return small;
    }

    @Test
    void averagePoolingTheResultGivesBackTheInput() {
        // The last projection makes A x = y exactly in real arithmetic; float rounding of values of
        // magnitude up to ~3 leaves a few 1e-7, so 1e-5 is a safe bound.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD, 2, 1);
        for (int k : new int[] {2, 4}) {
            int n = 2, h = 12, w = 9;
            float[] y = gaussian(n * 2 * h * w, MU, SD, k), copy = y.clone();
            SuperResolveTask task = new SuperResolveTask(k);
            float[] out = task.run(model, SamplerSettings.defaults(), y, n, h, w, new GaussianNoise(k),
                    Progress.none(), CancelToken.none());
            assertArrayEquals(copy, y, "input must not be modified");
            assertEquals(n * 2 * h * k * w * k, out.length);
            float[] back = pool(out, n * 2, h, w, k);
            double max = 0;
            for (int i = 0; i < y.length; i++) max = Math.max(max, Math.abs(back[i] - y[i]));
            assertTrue(max <= 1e-5, "x" + k + ": pooled result differs from the input by " + max);
        }
    }

    @Test
    void detailWithinBlocksHasThePredictedNullSpaceSpread() {
        // iid N(μ, s²) pixels and the per-pixel oracle: the oracle's x̂0 is per pixel affine, so the
        // part of x that averages to zero in each block (the null space) follows the unconditional
        // probability-flow ODE, x0 = s/√(ᾱ0 s² + 1 − ᾱ0) · x_t0 (DPM++ 25 steps: bias ~0.03%). The
        // run starts at t0 from the bicubic guess, whose null part has variance g² per pixel, plus
        // noise, whose null part has variance (1 − ᾱ0)(1 − 1/k²). From pure noise (ᾱ0 = 0) this is the
        // exact posterior spread s√(1 − 1/k²); from the guess it is smaller (draws "come closer").
        // 4096 blocks of 4 pixels: relative standard error of the std 0.64%; 4 of them = 2.6%.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 64, w = 64, k = 2;
        float[] y = gaussian(h * w, MU, SD / k, 9);
        float[] out = new SuperResolveTask(k).run(model, SamplerSettings.defaults().withSteps(25).withClipSample(false),
                y, 1, h, w, new GaussianNoise(10), Progress.none(), CancelToken.none());
        float[] guess = BicubicUpsampling.upsample(y, 1, h, w, k);
        new AveragePooling(k, 1, h, w).project(guess, y);
        double g2 = nullSpaceMeanSquare(guess, y, h, w, k);
        double a0 = COSINE.alphaBar(ImageToImageTask.startTimestep(1000, SuperResolveTask.START));
        double expected = SD / Math.sqrt(a0 * SD * SD + 1 - a0) * Math.sqrt(a0 * g2 + (1 - a0) * (1 - 1.0 / (k * k)));
        assertEquals(expected, Math.sqrt(nullSpaceMeanSquare(out, y, h, w, k)), 0.026 * expected);
        assertTrue(expected < SD * Math.sqrt(1 - 1.0 / (k * k)), "less spread than exact posterior draws");
    }

    /** Mean square of big − A⁺y: the part of {@code big} inside the blocks (big pools to y). */
    private static double nullSpaceMeanSquare(float[] big, float[] y, int h, int w, int k) {
        double sum = 0;
        for (int yy = 0; yy < h * k; yy++) {
            for (int xx = 0; xx < w * k; xx++) {
                double d = big[yy * w * k + xx] - y[(yy / k) * w + xx / k];
                sum += d * d;
            }
        }
        return sum / big.length;
    }

    @Test
    void bicubicUpsamplingKeepsLinearRampsAndConstants() {
        // Keys' kernel reproduces polynomials up to degree 2 away from the clamped edges.
        int h = 6, w = 8, k = 4;
        float[] ramp = new float[h * w];
        for (int yy = 0; yy < h; yy++) for (int xx = 0; xx < w; xx++) ramp[yy * w + xx] = 0.5f * xx - 0.25f * yy + 1;
        float[] big = BicubicUpsampling.upsample(ramp, 1, h, w, k);
        for (int yy = 2 * k; yy < (h - 2) * k; yy++) {
            for (int xx = 2 * k; xx < (w - 2) * k; xx++) {
                double u = (xx + 0.5) / k - 0.5, v = (yy + 0.5) / k - 0.5;
                assertEquals(0.5 * u - 0.25 * v + 1, big[yy * w * k + xx], 1e-5, "at " + xx + "," + yy);
            }
        }
        float[] flat = new float[2 * h * w];
        Arrays.fill(flat, 0.7f);
        for (float v : BicubicUpsampling.upsample(flat, 2, h, w, k)) assertEquals(0.7, v, 1e-6);
    }

    @Test
    void aFlatInputStaysFlat() {
        // Constant-image data: the only image whose blocks average to 0.9 is 0.9 everywhere.
        ConstantImageOracleModel model = new ConstantImageOracleModel(COSINE, MU, SD);
        float[] y = new float[8 * 8];
        Arrays.fill(y, 0.9f);
        float[] out = new SuperResolveTask(4).run(model, SamplerSettings.defaults(), y, 1, 8, 8,
                new GaussianNoise(1), Progress.none(), CancelToken.none());
        for (float v : out) assertEquals(0.9, v, 0.01);
    }

    @Test
    void onlyScalesTwoAndFour() {
        assertThrows(IllegalArgumentException.class, () -> new SuperResolveTask(3));
        assertEquals(4, new SuperResolveTask(4).scale());
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        assertThrows(IllegalArgumentException.class, () -> new SuperResolveTask(2).run(model,
                SamplerSettings.defaults(), new float[10], 1, 4, 4, new GaussianNoise(1), Progress.none(),
                CancelToken.none()));
    }
}
