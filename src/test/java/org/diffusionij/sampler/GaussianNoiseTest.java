package org.diffusionij.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void sameSeedSameNumbersDifferentSeedDifferentNumbers() {
        float[] a = new float[1001], b = new float[1001], c = new float[1001];
        new GaussianNoise(42).fill(a);
        new GaussianNoise(42).fill(b);
        new GaussianNoise(43).fill(c);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void sequenceDoesNotDependOnHowItIsCut() {
        float[] whole = new float[11];
        new GaussianNoise(7).fill(whole);
        GaussianNoise pieces = new GaussianNoise(7);
        float[] p1 = new float[3], p2 = new float[5], p3 = new float[3];
        pieces.fill(p1);
        pieces.fill(p2);
        pieces.fill(p3);
        float[] joined = new float[11];
        System.arraycopy(p1, 0, joined, 0, 3);
        System.arraycopy(p2, 0, joined, 3, 5);
        System.arraycopy(p3, 0, joined, 8, 3);
        assertArrayEquals(whole, joined);
    }

    @Test
    void drawsAreStandardNormal() {
        int n = 1 << 20;
        float[] z = new float[n];
        new GaussianNoise(1).fill(z);
        Moments m = Moments.of(z);
        // 4 standard errors: 1/sqrt(n) for the mean, 1/sqrt(2n) for the std.
        assertEquals(0, m.mean(), 4 * Moments.seMean(1, n));
        assertEquals(1, m.std(), 4 * Moments.seStd(1, n));
        // Tail mass beyond 2: 2*(1-Phi(2)) = 0.0455; binomial standard error sqrt(p(1-p)/n).
        long beyond = 0;
        double fourth = 0;
        for (float f : z) {
            if (Math.abs(f) > 2) beyond++;
            fourth += Math.pow(f, 4);
        }
        double p = 0.04550026;
        assertEquals(p, (double) beyond / n, 4 * Math.sqrt(p * (1 - p) / n));
        // Kurtosis 3; Var(z^4) = 105 - 9 = 96.
        assertEquals(3, fourth / n, 4 * Math.sqrt(96.0 / n));
        for (float f : z) assertTrue(Float.isFinite(f));
    }
}
