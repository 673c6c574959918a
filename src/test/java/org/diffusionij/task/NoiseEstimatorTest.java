package org.diffusionij.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.sampler.GaussianNoise;
import org.junit.jupiter.api.Test;

class NoiseEstimatorTest {

    /** Two 256 x 256 planes of a smooth pattern (amplitude 0.8, periods 40-90 px) plus N(0, σ²). */
    static float[] noisyPattern(double sigma, long seed) {
        int h = 256, w = 256;
        float[] img = new float[2 * h * w];
        new GaussianNoise(seed).fill(img);
        for (int p = 0; p < 2; p++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (p * h + y) * w + x;
                    double clean = 0.8 * Math.sin(2 * Math.PI * x / (40 + 10 * p)) * Math.cos(2 * Math.PI * y / 90.0);
                    img[i] = (float) (clean + sigma * img[i]);
                }
            }
        }
        return img;
    }

    @Test
    void recoversAKnownSigma() {
        // 32768 diagonal coefficients: the sample median of |N(0, σ²)| has relative standard error
        // 1/(2·f(m)·m·√M) = 1.167/√M = 0.64% (f = density of |Z| at its median m = 0.6745); 4 standard
        // errors = 2.6%, and the smooth pattern adds well under 1% at these σ. Bound: 3%.
        for (double sigma : new double[] {0.02, 0.1, 0.3}) {
            float[] img = noisyPattern(sigma, (long) (sigma * 1000));
            float[] copy = img.clone();
            double estimate = NoiseEstimator.estimateSigma(img, 256, 256);
            assertEquals(sigma, estimate, 0.03 * sigma, "sigma " + sigma);
            assertArrayEquals(copy, img);
        }
    }

    @Test
    void aSmoothImageHasAlmostNoNoise() {
        // |HH| of the pattern is at most |∂²f/∂x∂y|/2 = 0.8·(2π/40)·(2π/90)/2 = 0.0044, so the estimate
        // stays below 0.0044/0.6745 = 0.0065: smooth content hardly registers as noise.
        double estimate = NoiseEstimator.estimateSigma(noisyPattern(0, 1), 256, 256);
        assertTrue(estimate < 0.0065, "estimate " + estimate);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.estimateSigma(new float[4], 1, 4));
        assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.estimateSigma(new float[17], 4, 4));
        float[] nan = new float[16];
        nan[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.estimateSigma(nan, 4, 4));
    }
}
