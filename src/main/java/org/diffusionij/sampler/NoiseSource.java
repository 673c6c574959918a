package org.diffusionij.sampler;

/**
 * Where a sampler's randomness comes from: the initial noise and every per-step z. Tests and the
 * golden fixtures replay recorded draws through this same interface.
 */
@FunctionalInterface
public interface NoiseSource {

    /** Overwrites every element of {@code dst} with an independent standard normal draw. */
    void fill(float[] dst);
}
