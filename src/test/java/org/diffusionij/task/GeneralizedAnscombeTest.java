package org.diffusionij.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.diffusionij.sampler.GaussianNoise;
import org.junit.jupiter.api.Test;

/**
 * The generalized Anscombe transform against the exact expectation E[f(z) | λ], computed by
 * summing over the Poisson counts and integrating the Gaussian part numerically: the closed-form
 * inverse must map it back to E[z] = αλ + μ. Errors of the closed form computed independently in
 * Python (same sums): at most 0.035 counts for λ in 0.5..1000 and σ' in 0..5.
 */
class GeneralizedAnscombeTest {

    /** E[f(z)] for z = α·Poisson(λ) + N(μ, σ²), by summation over k and the trapezoid rule over ±9σ. */
    static double exactExpectation(GeneralizedAnscombe g, double lambda) {
        double a = g.gain(), mu = g.offset(), s = g.readNoise();
        int kmax = (int) (lambda + 12 * Math.sqrt(lambda + 1) + 20);
        int m = 2001;
        double sum = 0;
        double logP = -lambda;                               // log P(0)
        for (int k = 0; k < kmax; k++) {
            if (k > 0) logP += Math.log(lambda) - Math.log(k);
            double p = Math.exp(logP);
            if (p < 1e-300) continue;
            double e;
            if (s == 0) {
                e = g.forward(a * k + mu);
            } else {
                double num = 0, den = 0;
                for (int j = 0; j < m; j++) {
                    double x = -9 + 18.0 * j / (m - 1);
                    double wgt = Math.exp(-0.5 * x * x) * (j == 0 || j == m - 1 ? 0.5 : 1);
                    num += wgt * g.forward(a * k + mu + s * x);
                    den += wgt;
                }
                e = num / den;
            }
            sum += p * e;
        }
        return sum;
    }

    @Test
    void closedFormInverseUndoesTheExactExpectation() {
        double[] lambdas = {0.5, 1, 2, 3, 5, 10, 20, 50, 100, 1000};
        for (double s : new double[] {0, 0.5, 1, 2, 5}) {
            GeneralizedAnscombe g = new GeneralizedAnscombe(1, 0, s);
            for (double lambda : lambdas) {
                double back = g.inverse(exactExpectation(g, lambda));
                assertEquals(lambda, back, 0.04, "sigma' " + s + ", lambda " + lambda);
            }
        }
    }

    @Test
    void theAlgebraicInverseIsBiasedWhereTheExactOneIsNot() {
        // What the exact inverse fixes: (D/2)² − 3/8 − σ'² misses λ = 1 by 0.22 counts.
        GeneralizedAnscombe g = new GeneralizedAnscombe(1, 0, 0.5);
        double d = exactExpectation(g, 1);
        double algebraic = d * d / 4 - 0.375 - 0.25;
        assertTrue(Math.abs(algebraic - 1) > 0.2, "algebraic inverse gives " + algebraic);
        assertEquals(1, g.inverse(d), 0.04);
    }

    @Test
    void gainAndOffsetScaleThroughBothDirections() {
        // z = 2.5·Poisson(λ) + N(100, 3²): same normalised problem as gain 1, σ' = 1.2.
        GeneralizedAnscombe g = new GeneralizedAnscombe(2.5, 100, 3);
        for (double lambda : new double[] {1, 10, 200}) {
            assertEquals(2.5 * lambda + 100, g.inverse(exactExpectation(g, lambda)), 2.5 * 0.04);
        }
        assertEquals(0, g.forward(-1e6), 0);
    }

    @Test
    void transformedNoiseHasUnitVariance() {
        // 20000 draws at λ = 30: Var f(z) = 1 up to O(1/λ) (≈ 1.003 here); SE of a variance 1%.
        GeneralizedAnscombe g = new GeneralizedAnscombe(2, 50, 4);
        SplittableRandom r = new SplittableRandom(5);
        GaussianNoise n = new GaussianNoise(6);
        int count = 20000;
        double sum = 0, sq = 0;
        for (int i = 0; i < count; i++) {
            double v = g.forward(2 * poisson(r, 30) + 50 + 4 * n.next());
            sum += v;
            sq += v * v;
        }
        double var = (sq - sum * sum / count) / (count - 1);
        assertEquals(1, var, 0.04);
    }

    @Test
    void estimatorRecoversGainAndTheNoiseLine() {
        // A ramp of photon levels 5..400 over 256 x 256 pixels, gain 3, offset 200, read noise 6:
        // the fitted line var = α·mean + (σ² − αμ) = 3·mean − 564 is reported as offset 188 (c < 0).
        int w = 256, h = 256;
        float[] img = new float[w * h];
        SplittableRandom r = new SplittableRandom(9);
        GaussianNoise n = new GaussianNoise(10);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double lambda = 5 + 395.0 * x / (w - 1);
                img[y * w + x] = (float) (3 * poisson(r, lambda) + 200 + 6 * n.next());
            }
        }
        GeneralizedAnscombe g = GeneralizedAnscombe.estimate(new float[][] {img}, w, h);
        assertEquals(3, g.gain(), 0.15, g.toString());
        double c = g.readNoise() * g.readNoise() - g.gain() * g.offset();
        assertEquals(36 - 3 * 200, c, 60, g.toString());
        assertTrue(g.toString().contains("estimated"), g.toString());
    }

    @Test
    void badParametersAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GeneralizedAnscombe(-1, 0, 1));
        assertTrue(e.getMessage().startsWith("gain must be a positive number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GeneralizedAnscombe(1, 0, -2));
        assertThrows(IllegalArgumentException.class, () -> new GeneralizedAnscombe(1, Double.NaN, 0));
        float[] flat = new float[64 * 64];
        new GaussianNoise(1).fill(flat);
        e = assertThrows(IllegalArgumentException.class,
                () -> GeneralizedAnscombe.estimate(new float[][] {flat}, 64, 64));
        assertTrue(e.getMessage().contains("noise=gaussian"), e.getMessage());
    }

    /** Knuth's method for small λ, normal approximation with continuity for large λ (test data only). */
    static int poisson(SplittableRandom r, double lambda) {
        if (lambda > 60) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            double z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
        }
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
