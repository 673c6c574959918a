package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffusionij.sampler.GaussianNoise;
import org.junit.jupiter.api.Test;

class CleanRangeTest {

    @Test
    void backgroundLevelIsNotPulledUpByTheDimPixelsAroundObjects() {
        // 128x128: background 10 with four Gaussian blobs (peak +190, σ 8 px: their dim flanks are a
        // continuum of pixels slightly above the background), noise σ = 40 (seeded). The blurred
        // background is N(10, (40·0.188)²). The mode alone (mean shift) lands at 12.09, pulled up by the
        // flanks; the window lopsided to its dark side at 11.33. ~9000 background pixels: standard
        // error ~0.15.
        int s = 128;
        double sigma = 40;
        float[] img = new float[s * s];
        float[] z = new float[s * s];
        new GaussianNoise(11).fill(z);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dy = y % 64 - 32, dx = x % 64 - 32;
                img[y * s + x] = (float) (10 + 190 * Math.exp(-(dx * dx + dy * dy) / (2 * 8 * 8)) + sigma * z[y * s + x]);
            }
        }
        double[] r = CleanRange.estimate(new float[][] {img}, s, s, sigma);
        assertEquals(10, r[0], 1.5, "background level");
    }
}
