package org.diffusionij.metrics;

/**
 * Fréchet distance between two Gaussians fitted to feature sets (the "FID" formula of Heusel et
 * al. 2017, here in whatever feature space the caller uses):
 * d² = |μ1 − μ2|² + tr Σ1 + tr Σ2 − 2 tr (Σ1 Σ2)^{1/2}.
 * The matrix square root trace is computed as tr (Σ1^{1/2} Σ2 Σ1^{1/2})^{1/2}, which has the
 * same eigenvalues as Σ1 Σ2 but is symmetric, so only symmetric eigen-decompositions are needed.
 * The estimate is biased upwards at small sample counts; compare values at equal counts only.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /** Fréchet distance (the squared form d², as FID reports it) between two feature sets. */
    public static double compute(double[][] a, double[][] b) {
        return compute(GaussianStats.of(a), GaussianStats.of(b));
    }

    /** Fréchet distance d² between two fitted Gaussians. */
    public static double compute(GaussianStats a, GaussianStats b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("feature dimensions differ: " + d + " vs " + b.dimension());
        }
        double[] m1 = a.meanRef(), m2 = b.meanRef();
        double[][] s1 = a.covarianceRef(), s2 = b.covarianceRef();
        double meanTerm = 0, trace = 0;
        for (int i = 0; i < d; i++) {
            double diff = m1[i] - m2[i];
            meanTerm += diff * diff;
            trace += s1[i][i] + s2[i][i];
        }
        double[][] r = new SymmetricEigen(s1).sqrtPsd();
        double[][] inner = Matrices.multiply(Matrices.multiply(r, s2), r);
        Matrices.symmetrize(inner);
        double traceSqrt = 0;
        for (double lambda : new SymmetricEigen(inner).values()) traceSqrt += Math.sqrt(Math.max(lambda, 0));
        // Rounding can take a distance of identical sets a hair below zero.
        return Math.max(meanTerm + trace - 2 * traceSqrt, 0);
    }
}
