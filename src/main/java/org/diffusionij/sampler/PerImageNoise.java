package org.diffusionij.sampler;

/**
 * Noise for a batch in which image k of the whole run draws from its own stream, seeded from
 * (seed, k). Every fill is split evenly over the batch's images, so an image gets the same
 * initial noise and the same per-step z whatever batch it is computed in: batch size changes
 * speed and memory, never the pictures, and the launcher and the Fiji command give the same images
 * for the same seed.
 */
public final class PerImageNoise implements NoiseSource {

    private final GaussianNoise[] streams;
    private float[] segment = new float[0];

    /** Streams for images {@code first .. first+count-1} of the run seeded {@code seed}. */
    public PerImageNoise(long seed, int first, int count) {
        streams = new GaussianNoise[count];
        for (int j = 0; j < count; j++) streams[j] = new GaussianNoise(streamSeed(seed, first + j));
    }

    /** SplitMix64's finaliser over seed + (k+1)·φ: well-separated seeds for neighbouring k. */
    static long streamSeed(long seed, long k) {
        long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void fill(float[] dst) {
        if (dst.length % streams.length != 0) {
            throw new IllegalStateException("noise request of " + dst.length + " values does not split over "
                    + streams.length + " images");
        }
        int per = dst.length / streams.length;
        if (segment.length != per) segment = new float[per];
        for (int j = 0; j < streams.length; j++) {
            streams[j].fill(segment);
            System.arraycopy(segment, 0, dst, j * per, per);
        }
    }
}
