package org.diffusionij.sampler;

/** Sample mean and standard deviation of a float tensor, accumulated in double. */
record Moments(double mean, double std, int count) {

    static Moments of(float[] v) {
        double sum = 0;
        for (float f : v) sum += f;
        double mean = sum / v.length;
        double ss = 0;
        for (float f : v) ss += (f - mean) * (f - mean);
        return new Moments(mean, Math.sqrt(ss / (v.length - 1)), v.length);
    }

    /** Standard error of the sample mean for data of standard deviation {@code sd}. */
    static double seMean(double sd, int count) {
        return sd / Math.sqrt(count);
    }

    /** Standard error of the sample standard deviation for Gaussian data of deviation {@code sd}. */
    static double seStd(double sd, int count) {
        return sd / Math.sqrt(2.0 * (count - 1));
    }
}
