package org.diffusionij.task;

import org.diffusionij.sampler.GaussianNoise;

/** Shared data for task tests: images of iid N(μ, s²) pixels (what the Gaussian oracle models). */
final class TaskTestSupport {

    static final double MU = 0.3;
    static final double SD = 0.5;

    private TaskTestSupport() {
    }

    /** iid N(mu, sd²) values. */
    static float[] gaussian(int size, double mu, double sd, long seed) {
        float[] v = new float[size];
        new GaussianNoise(seed).fill(v);
        for (int i = 0; i < size; i++) v[i] = (float) (mu + sd * v[i]);
        return v;
    }

    static double mean(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s / v.length;
    }

    static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float f : v) s += (f - m) * (f - m);
        return Math.sqrt(s / (v.length - 1));
    }
}
