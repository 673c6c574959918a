package org.diffusionij.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The truncated-normal draws behind the censored imputation have the exact conditional moments. */
class CensoredDenoiseTest {

    /** Φ(b) by Simpson's rule on [−12, b]. */
    static double cdf(double b) {
        int m = 20000;
        double a = -12, hh = (b - a) / m, s = 0;
        for (int i = 0; i <= m; i++) {
            double x = a + i * hh, f = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            s += f * (i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return s * hh / 3;
    }

    @Test
    void drawsBelowABoundHaveTheTruncatedNormalMeanAndVariance() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (double b : new double[] {1.5, 0, -1, -2.5, -4}) {
            int n = 200_000;
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                double z = CensoredDenoise.belowNormal(rnd, b);
                assertTrue(z <= b, z + " > " + b);
                s += z;
                s2 += z * z;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            double phi = Math.exp(-b * b / 2) / Math.sqrt(2 * Math.PI), lambda = phi / cdf(b);
            // z | z ≤ b: mean −φ(b)/Φ(b), variance 1 − b·φ/Φ − (φ/Φ)²
            assertEquals(-lambda, mean, 0.01, "mean for b = " + b);
            assertEquals(1 - b * lambda - lambda * lambda, var, 0.01, "variance for b = " + b);
        }
    }

    @Test
    void conditionalMeanBelowABoundIsTheInverseMillsRatio() {
        for (double b : new double[] {3, 1.5, 0, -1, -2.5, -4, -8}) {
            double phi = Math.exp(-b * b / 2) / Math.sqrt(2 * Math.PI), want = phi / cdf(b);
            assertEquals(want, CensoredDenoise.millsBelow(b), 1e-6 * want, "b = " + b);
        }
        // far in the tail φ/Φ → −b + 1/(−b) − ...: no underflow, no NaN
        assertEquals(40.0249, CensoredDenoise.millsBelow(-40), 1e-3);
        assertEquals(0.0, CensoredDenoise.millsBelow(40), 1e-300);
    }

    @Test
    void nothingCensoredIsPlainTweedieAndLimitsAreInclusive() {
        assertTrue(CensoredDenoise.anyCensored(new float[] {0f, -1f}, -1f, 1f));
        assertTrue(CensoredDenoise.anyCensored(new float[] {1f}, -1f, 1f));
        assertTrue(!CensoredDenoise.anyCensored(new float[] {0.99f, -0.99f}, -1f, 1f));
    }

    @Test
    void anImageGetsTheSameImputationsWhicheverBatchItIsIn() throws Exception {
        try (org.diffusionij.model.OnnxEpsModel model = org.diffusionij.model.OnnxEpsModel.load(
                org.diffusionij.testing.TestFiles.onnx("toy.onnx"), org.diffusionij.model.Device.CPU,
                java.util.Map.of(), 1, s -> { })) {
            int c = model.metadata().channels(), h = 16, w = 16, per = c * h * w, n = 3;
            SplittableRandom rnd = new SplittableRandom(5);
            float[] x = new float[n * per];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.max(-1, Math.min(1, -0.8 + 0.5 * rnd.nextGaussian()));
            float[] together = CensoredDenoise.posteriorMean(model, 0.3, x, n, h, w, -1f, 1f, 40,
                    org.diffusionij.control.CancelToken.none());
            for (int j = 0; j < n; j++) {
                float[] one = java.util.Arrays.copyOfRange(x, j * per, (j + 1) * per);
                float[] alone = CensoredDenoise.posteriorMean(model, 0.3, one, 1, h, w, -1f, 1f, 40 + j,
                        org.diffusionij.control.CancelToken.none());
                for (int i = 0; i < per; i++) assertEquals(alone[i], together[j * per + i], 1e-4, "image " + j);
            }
        }
    }
}
