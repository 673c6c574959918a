package org.diffusionij.metrics;

/**
 * Mean and covariance of a set of feature vectors: what the Fréchet distance compares. The
 * covariance uses the unbiased 1/(n-1) normalisation, as numpy's {@code cov} (and every common
 * FID implementation) does. Compute it once for a reference set and reuse it.
 */
public final class GaussianStats {

    private final double[] mean;
    private final double[][] covariance;
    private final int count;

    private GaussianStats(double[] mean, double[][] covariance, int count) {
        this.mean = mean;
        this.covariance = covariance;
        this.count = count;
    }

    /**
     * Statistics of {@code features} (n rows of d values).
     *
     * @throws IllegalArgumentException for fewer than 2 rows or rows of unequal length
     */
    public static GaussianStats of(double[][] features) {
        int n = features.length;
        if (n < 2) throw new IllegalArgumentException("need at least 2 feature vectors for a covariance, got " + n);
        int d = features[0].length;
        double[] mean = new double[d];
        for (double[] f : features) {
            if (f.length != d) {
                throw new IllegalArgumentException("feature vectors differ in length: " + f.length + " vs " + d);
            }
            for (int j = 0; j < d; j++) mean[j] += f[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] f : features) {
            for (int j = 0; j < d; j++) c[j] = f[j] - mean[j];
            for (int i = 0; i < d; i++) {
                double ci = c[i];
                double[] row = cov[i];
                for (int j = i; j < d; j++) row[j] += ci * c[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= n - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return new GaussianStats(mean, cov, n);
    }

    /** Statistics from a known mean and covariance (e.g. a closed-form case). */
    public static GaussianStats of(double[] mean, double[][] covariance) {
        int d = mean.length;
        double[][] cov = new double[d][];
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d) throw new IllegalArgumentException("covariance must be " + d + "x" + d);
            cov[i] = covariance[i].clone();
        }
        if (covariance.length != d) throw new IllegalArgumentException("covariance must be " + d + "x" + d);
        return new GaussianStats(mean.clone(), cov, 0);
    }

    public int dimension() {
        return mean.length;
    }

    /** Number of feature vectors these were computed from (0 when given directly). */
    public int count() {
        return count;
    }

    double[] meanRef() {
        return mean;
    }

    double[][] covarianceRef() {
        return covariance;
    }

    /** The mean vector; a copy. */
    public double[] mean() {
        return mean.clone();
    }

    /** The covariance matrix; a copy. */
    public double[][] covariance() {
        double[][] c = new double[covariance.length][];
        for (int i = 0; i < c.length; i++) c[i] = covariance[i].clone();
        return c;
    }
}
