package org.diffusionij.metrics;

import java.util.SplittableRandom;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018), in the caller's feature space: the unbiased
 * estimate of the squared maximum mean discrepancy with the cubic polynomial kernel
 * k(x, y) = (x·y / d + 1)³, averaged over random subsets. Unlike the Fréchet distance the
 * estimate is unbiased at any sample count, so values at different counts are comparable.
 */
public final class Kid {

    /** Mean and standard deviation of MMD² over the subsets. */
    public record Result(double mean, double std, int subsets, int subsetSize) {
    }

    private Kid() {
    }

    /** The kernel (x·y / d + 1)³. */
    public static double kernel(double[] x, double[] y) {
        double dot = 0;
        for (int i = 0; i < x.length; i++) dot += x[i] * y[i];
        double v = dot / x.length + 1;
        return v * v * v;
    }

    /**
     * Unbiased MMD² between all of {@code a} and all of {@code b}:
     * mean over i≠j of k(a_i, a_j) + mean over i≠j of k(b_i, b_j) − 2 · mean over i, j of k(a_i, b_j).
     */
    public static double mmd2(double[][] a, double[][] b) {
        int[] ia = range(a.length), ib = range(b.length);
        Gram g = new Gram(a, b);
        return g.mmd2(ia, ib);
    }

    /**
     * KID: MMD² on {@code subsets} random subsets of {@code subsetSize} drawn without replacement
     * from each set (the size is capped at the smaller set), seeded for repeatability.
     */
    public static Result compute(double[][] a, double[][] b, int subsets, int subsetSize, long seed) {
        if (subsets < 1) throw new IllegalArgumentException("need at least one subset, got " + subsets);
        int m = Math.min(subsetSize, Math.min(a.length, b.length));
        if (m < 2) throw new IllegalArgumentException("KID needs at least 2 feature vectors in each set");
        // Kernel tables for the whole sets when they fit in ~400 MB, else per subset.
        long entries = (long) a.length * a.length + (long) b.length * b.length + (long) a.length * b.length;
        Gram whole = entries <= 50_000_000L ? new Gram(a, b) : null;
        SplittableRandom rnd = new SplittableRandom(seed);
        double sum = 0, sumSq = 0;
        for (int s = 0; s < subsets; s++) {
            int[] ia = choose(a.length, m, rnd), ib = choose(b.length, m, rnd);
            double v = whole != null ? whole.mmd2(ia, ib) : mmd2(pick(a, ia), pick(b, ib));
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / subsets;
        double var = subsets > 1 ? Math.max(sumSq / subsets - mean * mean, 0) : 0;
        return new Result(mean, Math.sqrt(var), subsets, m);
    }

    /** KID with the usual defaults: 100 subsets of up to 1000. */
    public static Result compute(double[][] a, double[][] b, long seed) {
        return compute(a, b, 100, 1000, seed);
    }

    private static double[][] pick(double[][] x, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = x[idx[i]];
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** m distinct indices out of 0..n-1 (partial Fisher–Yates). */
    private static int[] choose(int n, int m, SplittableRandom rnd) {
        int[] p = range(n);
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        int[] out = new int[m];
        System.arraycopy(p, 0, out, 0, m);
        return out;
    }

    /** All kernel values computed once, so each subset is only sums of table entries. */
    private static final class Gram {
        final double[][] aa, bb, ab;

        Gram(double[][] a, double[][] b) {
            int d = a[0].length;
            for (double[] r : a) check(r, d);
            for (double[] r : b) check(r, d);
            aa = symmetric(a);
            bb = symmetric(b);
            ab = new double[a.length][b.length];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < b.length; j++) ab[i][j] = kernel(a[i], b[j]);
            }
        }

        private static void check(double[] r, int d) {
            if (r.length != d) throw new IllegalArgumentException("feature vectors differ in length: " + r.length + " vs " + d);
        }

        private static double[][] symmetric(double[][] x) {
            double[][] k = new double[x.length][x.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = i + 1; j < x.length; j++) {
                    k[i][j] = kernel(x[i], x[j]);
                    k[j][i] = k[i][j];
                }
            }
            return k;
        }

        double mmd2(int[] ia, int[] ib) {
            int m = ia.length, n = ib.length;
            double sxx = 0, syy = 0, sxy = 0;
            for (int i : ia) for (int j : ia) if (i != j) sxx += aa[i][j];
            for (int i : ib) for (int j : ib) if (i != j) syy += bb[i][j];
            for (int i : ia) for (int j : ib) sxy += ab[i][j];
            return sxx / ((double) m * (m - 1)) + syy / ((double) n * (n - 1)) - 2 * sxy / ((double) m * n);
        }
    }
}
