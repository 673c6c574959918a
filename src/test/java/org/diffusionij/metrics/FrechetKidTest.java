package org.diffusionij.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetKidTest {

    @Test
    void jacobiReconstructsASymmetricMatrix() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 7;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = r.nextDouble(-1, 1);
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen e = new SymmetricEigen(a);
        double[] l = e.values();
        double[][] v = e.vectors();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rec = 0, ortho = 0;
                for (int k = 0; k < n; k++) {
                    rec += v[i][k] * l[k] * v[j][k];
                    ortho += v[k][i] * v[k][j];
                }
                assertEquals(a[i][j], rec, 1e-12, "V diag(λ) Vᵀ at " + i + "," + j);
                assertEquals(i == j ? 1 : 0, ortho, 1e-12, "VᵀV at " + i + "," + j);
            }
        }
    }

    @Test
    void sqrtOfADiagonalMatrixIsElementwise() {
        double[][] s = new SymmetricEigen(new double[][] {{4, 0}, {0, 9}}).sqrtPsd();
        assertEquals(2, s[0][0], 1e-14);
        assertEquals(3, s[1][1], 1e-14);
        assertEquals(0, s[0][1], 1e-14);
    }

    @Test
    void identicalSetsAreAtDistanceZero() {
        double[][] f = features(50, 4, 3);
        assertEquals(0, FrechetDistance.compute(f, f), 1e-10);
    }

    @Test
    void diagonalCovariancesHaveTheClosedForm() {
        // d² = |Δμ|² + Σ (√a_i − √b_i)² for diagonal covariances: 1+4 + (2−1)² + (3−1)² + (1−0.5)² = 10.25
        GaussianStats a = GaussianStats.of(new double[] {1, 2, 0}, diag(4, 9, 1));
        GaussianStats b = GaussianStats.of(new double[] {0, 0, 0}, diag(1, 1, 0.25));
        assertEquals(10.25, FrechetDistance.compute(a, b), 1e-12);
    }

    @Test
    void nonCommutingCovariancesMatchScipy() {
        /*
         * import numpy as np; from scipy import linalg
         * m1 = np.array([0.5, -1.0, 2.0]); m2 = np.array([1.0, 0.0, 1.5])
         * s1 = np.array([[2.0, 0.5, 0.1], [0.5, 1.0, -0.3], [0.1, -0.3, 0.7]])
         * s2 = np.array([[1.0, -0.2, 0.4], [-0.2, 3.0, 0.6], [0.4, 0.6, 1.5]])
         * print(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(linalg.sqrtm(s1 @ s2).real))
         * -> 2.8801155847683884 (scipy's sqrtm is a Schur method, accurate to ~1e-13 here)
         */
        GaussianStats a = GaussianStats.of(new double[] {0.5, -1.0, 2.0},
                new double[][] {{2.0, 0.5, 0.1}, {0.5, 1.0, -0.3}, {0.1, -0.3, 0.7}});
        GaussianStats b = GaussianStats.of(new double[] {1.0, 0.0, 1.5},
                new double[][] {{1.0, -0.2, 0.4}, {-0.2, 3.0, 0.6}, {0.4, 0.6, 1.5}});
        assertEquals(2.8801155847683884, FrechetDistance.compute(a, b), 1e-10);
        assertEquals(2.8801155847683884, FrechetDistance.compute(b, a), 1e-10);
    }

    @Test
    void featureSetsUseNumpysUnbiasedCovariance() {
        /*
         * i = np.arange(12)[:, None]; j = np.arange(3)[None, :]
         * fa = np.sin(0.7 * i * (j + 1) + j); fb = np.cos(0.3 * i * (j + 2)) + 0.2 * j
         * np.cov(fa, rowvar=False)[0, 1] -> -0.028629030582422922; [2, 2] -> 0.5468132747109441
         * FD with scipy sqrtm as above -> 0.2939219740191201
         */
        double[][] fa = new double[12][3], fb = new double[12][3];
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 3; j++) {
                fa[i][j] = Math.sin(0.7 * i * (j + 1) + j);
                fb[i][j] = Math.cos(0.3 * i * (j + 2)) + 0.2 * j;
            }
        }
        double[][] cov = GaussianStats.of(fa).covariance();
        assertEquals(-0.028629030582422922, cov[0][1], 1e-14);
        assertEquals(0.5468132747109441, cov[2][2], 1e-14);
        assertEquals(0.2939219740191201, FrechetDistance.compute(fa, fb), 1e-10);
    }

    @Test
    void mmdOfTwoTinySetsIsHandComputable() {
        // d = 1, k(x,y) = (xy + 1)³. XX: k(0,1) = 1 -> 1; YY: k(2,3) = 343 -> 343;
        // XY: (1 + 1 + 27 + 64)/4 = 23.25 -> MMD² = 1 + 343 − 2·23.25 = 297.5
        double[][] a = {{0}, {1}};
        double[][] b = {{2}, {3}};
        assertEquals(297.5, Kid.mmd2(a, b), 1e-12);
        Kid.Result whole = Kid.compute(a, b, 5, 10, 0);
        assertEquals(297.5, whole.mean(), 1e-12);
        assertEquals(0, whole.std(), 1e-12);
        assertEquals(2, whole.subsetSize());
    }

    @Test
    void mmdMatchesADirectSum() {
        double[][] a = features(30, 5, 11), b = features(25, 5, 12);
        for (double[] row : b) row[0] += 0.5;
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) if (i != j) xx += cube(a[i], a[j]);
        for (int i = 0; i < b.length; i++) for (int j = 0; j < b.length; j++) if (i != j) yy += cube(b[i], b[j]);
        for (double[] x : a) for (double[] y : b) xy += cube(x, y);
        double expected = xx / (30.0 * 29) + yy / (25.0 * 24) - 2 * xy / (30.0 * 25);
        assertEquals(expected, Kid.mmd2(a, b), 1e-12);
    }

    @Test
    void kidIsRepeatableAndNearZeroForOneDistribution() {
        double[][] a = features(400, 8, 21), b = features(400, 8, 22);
        Kid.Result r1 = Kid.compute(a, b, 20, 200, 7);
        Kid.Result r2 = Kid.compute(a, b, 20, 200, 7);
        assertEquals(r1, r2);
        // Same distribution: the unbiased estimate scatters around 0; its std over subsets bounds it.
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(r1.mean()) < 3 * r1.std() + 1e-3, r1.toString());
        double[][] shifted = features(400, 8, 23);
        for (double[] row : shifted) row[0] += 1.0;
        org.junit.jupiter.api.Assertions.assertTrue(Kid.compute(a, shifted, 20, 200, 7).mean() > 10 * Math.abs(r1.mean()));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GaussianStats.of(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(features(5, 2, 1), features(5, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> new SymmetricEigen(new double[][] {{1, 2}, {0, 1}}));
    }

    private static double cube(double[] x, double[] y) {
        double dot = 0;
        for (int i = 0; i < x.length; i++) dot += x[i] * y[i];
        return Math.pow(dot / x.length + 1, 3);
    }

    private static double[][] diag(double... d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) m[i][i] = d[i];
        return m;
    }

    private static double[][] features(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] f = new double[n][d];
        for (double[] row : f) for (int j = 0; j < d; j++) row[j] = r.nextDouble(-1, 1) * (1 + j * 0.3);
        return f;
    }
}
