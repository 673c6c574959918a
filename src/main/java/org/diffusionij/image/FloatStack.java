package org.diffusionij.image;

/**
 * {@code n} images of {@code c x h x w} floats in one flat NCHW array: the layout the network
 * and the samplers use, and what {@link ImageFiles} writes and reads.
 */
public record FloatStack(float[] data, int n, int c, int h, int w) {

    /** Checks the dimensions against the array length. */
    public FloatStack {
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("dimensions must be positive, got n=" + n + " c=" + c + " " + h + "x" + w);
        }
        if ((long) n * c * h * w != data.length) {
            throw new IllegalArgumentException("n*c*h*w = " + ((long) n * c * h * w) + " but the array holds "
                    + data.length + " floats");
        }
    }

    /** Floats per image, c*h*w. */
    public int imageSize() {
        return c * h * w;
    }

    /** Offset of channel {@code ch} of image {@code i} in {@link #data()}. */
    public int offset(int i, int ch) {
        return (i * c + ch) * h * w;
    }
}
