package org.diffusionij.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.sampler.GaussianNoise;
import org.junit.jupiter.api.Test;

class PosteriorRangeTest {

    @Test
    void backgroundLevelAveragesTheNoisyValuesWhereTheMeanAroundIsBackground() {
        // 64x64 model values: background at −0.95 (the first guess put −1 a little too high) on the
        // left half, an object at 0.5 on the right, noise σ = 0.4. The posterior mean says −1 on the
        // left. Pixels whose 5x5 lies in the left half: columns 0..29, 1920 pixels, so the mean of
        // their noisy values has standard error 0.4/√1920 = 0.009; 4 of them allowed.
        int h = 64, w = 64;
        float[] noisy = new float[h * w], mean = new float[h * w], z = new float[h * w];
        new GaussianNoise(5).fill(z);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean left = x < w / 2;
                noisy[y * w + x] = (float) ((left ? -0.95 : 0.5) + 0.4 * z[y * w + x]);
                mean[y * w + x] = left ? -1f : 0.5f;
            }
        }
        // a background pixel whose own mean is off (its own noise pulled it up) still counts: only
        // its neighbours decide; its 24 neighbours lose it as a neighbour and drop out
        mean[10 * w + 10] = 0.2f;
        assertEquals(-0.95, PosteriorRange.backgroundLevel(noisy, mean, 1, h, w, Double.NaN, Double.NaN), 4 * 0.4 / Math.sqrt(1920 - 24));
        // no flat background: no level, the first guess stands
        java.util.Arrays.fill(mean, 0.5f);
        assertTrue(Double.isNaN(PosteriorRange.backgroundLevel(noisy, mean, 1, h, w, Double.NaN, Double.NaN)));
    }

    @Test
    void aBackgroundClippedAtTheTypesLimitIsACensoredMeanNotAPlainOne() {
        // A background at −0.95 with noise σ = 0.2 clipped at the limit −1 (about 40 % of its values): the
        // plain mean of the clipped values reads high; the censored (Tobit) mean recovers the level.
        int h = 64, w = 64;
        float[] noisy = new float[h * w], mean = new float[h * w], z = new float[h * w];
        new GaussianNoise(9).fill(z);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) Math.max(-1, -0.95 + 0.2 * z[i]);
            mean[i] = -1f;
        }
        double plain = PosteriorRange.backgroundLevel(noisy, mean, 1, h, w, Double.NaN, Double.NaN);
        double censored = PosteriorRange.backgroundLevel(noisy, mean, 1, h, w, 0.2, -1);
        double se = 4 * 0.2 / Math.sqrt(h * w * 0.6);
        assertTrue(plain > -0.95 + 0.05, "clipping biases the plain mean up: " + plain);
        assertEquals(-0.95, censored, se);
        // nothing at the limit: the same as the plain mean
        for (int i = 0; i < noisy.length; i++) noisy[i] = (float) (-0.2 + 0.2 * z[i]);
        assertEquals(PosteriorRange.backgroundLevel(noisy, mean, 1, h, w, Double.NaN, Double.NaN),
                PosteriorRange.backgroundLevel(noisy, mean, 1, h, w, 0.2, -1), 1e-12);
    }
}
