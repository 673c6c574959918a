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
    void detailWithinBlocksHasThePriorsNullSpaceSpread() {
        // iid N(μ, s²) pixels: given a block's mean, the deviations inside a k x k block have variance
        // s²(1 - 1/k²); with the per-pixel oracle DDNM generates exactly that null-space part (DPM++ 25
        // steps: std bias +0.03%). 4096 blocks of 4 pixels: Σd²/N has a relative standard error of
        // √6/(3·√4096) = 1.3%, i.e. 0.64% in the std; 4 standard errors = 2.6%.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 64, w = 64, k = 2;
        float[] y = gaussian(h * w, MU, SD / k, 9);
        float[] out = new SuperResolveTask(k).run(model, SamplerSettings.defaults().withSteps(25).withClipSample(false),
                y, 1, h, w, new GaussianNoise(10), Progress.none(), CancelToken.none());
        double sum = 0;
        for (int yy = 0; yy < h * k; yy++) {
            for (int xx = 0; xx < w * k; xx++) {
                double d = out[yy * w * k + xx] - y[(yy / k) * w + xx / k];
                sum += d * d;
            }
        }
        double expected = SD * Math.sqrt(1 - 1.0 / (k * k));
        assertEquals(expected, Math.sqrt(sum / out.length), 0.026 * expected);
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
