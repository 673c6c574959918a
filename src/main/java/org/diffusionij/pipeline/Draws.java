package org.diffusionij.pipeline;

import org.diffusionij.sampler.PerImageNoise;

/**
 * The {@code samples=K} and {@code uncertainty} rules every restoration operation shares: the
 * checks (one line each) and the noise of a chunk's K·n draws, image-major (draws of image i are
 * entries i·K … i·K+K−1), so an image gets the same draws whatever chunk it is run in.
 */
final class Draws {

    private Draws() {
    }

    /** Refuses K < 1, and an uncertainty map with fewer than 2 draws to take a std of. */
    static void check(int samples, boolean uncertainty) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples is " + samples + " but must be at least 1 (posterior draws "
                    + "per image).");
        }
        if (uncertainty && samples < 2) {
            throw new IllegalArgumentException("uncertainty needs samples of at least 2 (it is the spread of the draws), "
                    + "but samples is " + samples + ": set samples=8, say, or leave uncertainty off.");
        }
    }

    /** Noise for samples {@code first .. first+n-1} of the run, K draws each. */
    static PerImageNoise noise(long seed, int first, int n, int samples) {
        return new PerImageNoise(seed, first * samples, n * samples);
    }
}
