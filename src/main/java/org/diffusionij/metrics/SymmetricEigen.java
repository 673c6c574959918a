package org.diffusionij.metrics;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method: repeated plane
 * rotations that zero one off-diagonal entry at a time until the off-diagonal mass is negligible.
 * Slower than Householder + QL for large matrices but short, unconditionally stable and accurate
 * to near machine precision — enough for the few-hundred-dimensional feature covariances here.
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors;

    /**
     * Decomposes {@code a} (n x n, symmetric; only read, never modified) as V·diag(values)·Vᵀ.
     *
     * @throws IllegalArgumentException if a is not square or not symmetric to 1e-9 relative
     */
    public SymmetricEigen(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has " + a[i].length
                        + " entries, expected " + n);
            }
            m[i] = a[i].clone();
            for (double v : a[i]) scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * Math.max(scale, Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException("matrix is not symmetric at (" + i + "," + j + ")");
                }
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i][i] * m[i][i];
                for (int j = i + 1; j < n; j++) off += m[i][j] * m[i][j];
            }
            if (off <= 1e-30 * diag || off == 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0) rotate(m, v, p, q);
                }
            }
        }
        values = new double[n];
        for (int i = 0; i < n; i++) values[i] = m[i][i];
        vectors = v;
    }

    /** Zeroes m[p][q] by a rotation in the (p, q) plane (Golub & Van Loan, Alg. 8.4.1), accumulating V. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p], mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k], mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        m[p][q] = 0;
        m[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** Eigenvalues, in no particular order; a copy. */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvectors as columns: vectors()[row][k] belongs to values()[k]; a copy. */
    public double[][] vectors() {
        double[][] c = new double[vectors.length][];
        for (int i = 0; i < c.length; i++) c[i] = vectors[i].clone();
        return c;
    }

    /**
     * The symmetric positive semi-definite square root V·diag(√max(λ, 0))·Vᵀ; eigenvalues slightly
     * below zero from rounding are treated as zero.
     */
    public double[][] sqrtPsd() {
        int n = values.length;
        double[] r = new double[n];
        for (int k = 0; k < n; k++) r[k] = Math.sqrt(Math.max(values[k], 0));
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += vectors[i][k] * r[k] * vectors[j][k];
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        return out;
    }
}
