package org.diffusionij.sampler;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a seeded {@link SplittableRandom} by Marsaglia's polar method.
 * Deterministic: the same seed gives the same sequence, and the sequence does not depend on how it
 * is cut into {@link #fill} calls (the spare value of a pair is kept for the next call). Not
 * thread-safe; use one per job.
 */
public final class GaussianNoise implements NoiseSource {

    private final SplittableRandom random;
    private boolean hasSpare;
    private double spare;

    /** A source whose draws are fixed by {@code seed}. */
    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void fill(float[] dst) {
        int i = 0;
        if (hasSpare && dst.length > 0) {
            dst[i++] = (float) spare;
            hasSpare = false;
        }
        while (i < dst.length) {
            double u, v, r;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                r = u * u + v * v;
            } while (r >= 1 || r == 0);
            double m = Math.sqrt(-2 * Math.log(r) / r);
            dst[i++] = (float) (u * m);
            if (i < dst.length) {
                dst[i++] = (float) (v * m);
            } else {
                spare = v * m;
                hasSpare = true;
            }
        }
    }

    /** The next single draw (same sequence as {@link #fill}). */
    public double next() {
        float[] one = new float[1];
        fill(one);
        return one[0];
    }
}
