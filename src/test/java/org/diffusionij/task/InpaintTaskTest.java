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

import java.util.Arrays;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.ConstantImageOracleModel;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

class InpaintTaskTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);

    /** 1 inside the centred square of side {@code side}, 0 elsewhere. */
    static float[] squareMask(int h, int w, int side) {
        float[] m = new float[h * w];
        for (int y = (h - side) / 2; y < (h + side) / 2; y++) {
            for (int x = (w - side) / 2; x < (w + side) / 2; x++) m[y * w + x] = 1;
        }
        return m;
    }

    @Test
    void knownPixelsComeBackExactlyAndHolesHaveTheDataStatistics() {
        // Per-pixel oracle: hole pixels are independent of the known ones, so they must be N(μ, s²)
        // draws: DPM++(2M) 25 steps has std bias +0.00016 (SamplerOracleTest), and 2 x 128² = 32768
        // hole pixels give 4 standard errors of 0.011 (mean) and 0.0078 (std).
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int n = 2, h = 256, w = 256;
        float[] image = gaussian(n * h * w, -0.2, 0.1, 5), mask = squareMask(h, w, 128);
        float[] imageCopy = image.clone(), maskCopy = mask.clone();
        SamplerSettings settings = SamplerSettings.defaults().withSteps(25).withClipSample(false);
        float[] out = new InpaintTask().run(model, settings, image, mask, n, h, w, new GaussianNoise(8),
                Progress.none(), CancelToken.none());
        assertArrayEquals(imageCopy, image, "image must not be modified");
        assertArrayEquals(maskCopy, mask, "mask must not be modified");
        float[] hole = new float[n * 128 * 128];
        int k = 0;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < h * w; p++) {
                int i = b * h * w + p;
                if (mask[p] == 0) {
                    assertEquals(Float.floatToRawIntBits(image[i]), Float.floatToRawIntBits(out[i]), "pixel " + i);
                } else {
                    hole[k++] = out[i];
                }
            }
        }
        assertEquals(MU, mean(hole), 4 * SD / Math.sqrt(hole.length));
        assertEquals(SD + 0.00016, std(hole), 4 * SD / Math.sqrt(2.0 * hole.length));
    }

    @Test
    void holesTakeTheValueTheContextImplies() {
        // Constant-image oracle: each image is one value c ~ N(0.3, 0.5²) everywhere. Known pixels all
        // 0.9, so the hole must be filled with 0.9 (measured: within 0.0037 for DPM++ 20 steps, 0.0011
        // for DDPM 100); an unconditioned sample would be one value of 0.3 ± 0.5.
        ConstantImageOracleModel model = new ConstantImageOracleModel(COSINE, MU, SD);
        int h = 32, w = 32;
        float[] image = new float[h * w];
        Arrays.fill(image, 0.9f);
        float[] mask = squareMask(h, w, 16);
        for (SamplerSettings s : new SamplerSettings[] {SamplerSettings.defaults(),
                SamplerSettings.defaults().withKind(org.diffusionij.sampler.SamplerKind.DDPM).withSteps(100)}) {
            float[] out = new InpaintTask().run(model, s, image, mask, 1, h, w, new GaussianNoise(2), Progress.none(),
                    CancelToken.none());
            for (int i = 0; i < out.length; i++) assertEquals(0.9, out[i], 0.01, s + " pixel " + i);
        }
    }

    @Test
    void perImageMasksAndNothingToFill() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int n = 2, h = 8, w = 8;
        float[] image = gaussian(n * h * w, 0, 0.3, 1);
        float[] mask = new float[n * h * w];
        mask[h * w + 9] = 1;   // only image 1, pixel 9
        float[] out = new InpaintTask().run(model, SamplerSettings.defaults(), image, mask, n, h, w,
                new GaussianNoise(3), Progress.none(), CancelToken.none());
        for (int i = 0; i < out.length; i++) {
            if (i != h * w + 9) assertEquals(image[i], out[i], 0f);
        }
        assertTrue(out[h * w + 9] != image[h * w + 9]);
        float[] none = new InpaintTask().run(model, SamplerSettings.defaults(), image, new float[h * w], n, h, w,
                new GaussianNoise(3), Progress.none(), CancelToken.none());
        assertArrayEquals(image, none);
        assertEquals(20, model.calls(), "an empty mask needs no network call");
    }

    @Test
    void holesMayHoldNaNButBadMasksAreRefused() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        float[] image = new float[16], mask = new float[16];
        image[5] = Float.NaN;
        mask[5] = 1;
        float[] out = new InpaintTask().run(model, SamplerSettings.defaults(), image, mask, 1, 4, 4,
                new GaussianNoise(1), Progress.none(), CancelToken.none());
        assertTrue(Float.isFinite(out[5]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InpaintTask().run(model,
                SamplerSettings.defaults(), image, new float[16], 1, 4, 4, new GaussianNoise(1), Progress.none(),
                CancelToken.none()));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        float[] soft = new float[16];
        soft[2] = 0.5f;
        e = assertThrows(IllegalArgumentException.class, () -> new InpaintTask().run(model,
                SamplerSettings.defaults(), new float[16], soft, 1, 4, 4, new GaussianNoise(1), Progress.none(),
                CancelToken.none()));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InpaintTask().run(model,
                SamplerSettings.defaults(), new float[16], new float[15], 1, 4, 4, new GaussianNoise(1),
                Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("15"), e.getMessage());
    }
}
