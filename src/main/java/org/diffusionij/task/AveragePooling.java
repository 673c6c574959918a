package org.diffusionij.task;

/**
 * The super-resolution operator pair of DDNM: A = average pooling over scale x scale blocks and
 * A⁺ = replicate upsampling. A A⁺ = I, so x - A⁺(A x - y) satisfies A x = y exactly (up to float
 * rounding) and leaves the null-space part of x unchanged.
 */
final class AveragePooling {

    private final int scale;
    private final int planes;
    private final int h;
    private final int w;
    private final float[] residual;

    /** For {@code planes} high-resolution planes of (h·scale) x (w·scale) over low-resolution h x w. */
    AveragePooling(int scale, int planes, int h, int w) {
        this.scale = scale;
        this.planes = planes;
        this.h = h;
        this.w = w;
        this.residual = new float[planes * h * w];
    }

    /** dst (low-res) = A src (high-res). */
    void pool(float[] src, float[] dst) {
        int hw = w * scale, plane = h * scale * hw;
        double norm = 1.0 / (scale * scale);
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    int corner = p * plane + y * scale * hw + x * scale;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) sum += src[corner + dy * hw + dx];
                    }
                    dst[(p * h + y) * w + x] = (float) (sum * norm);
                }
            }
        }
    }

    /** x ← x - A⁺(A x - y): the nearest image (per block, in mean) whose pooling is y. */
    void project(float[] x, float[] y) {
        pool(x, residual);
        for (int i = 0; i < residual.length; i++) residual[i] -= y[i];
        int hw = w * scale, plane = h * scale * hw;
        for (int p = 0; p < planes; p++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    float r = residual[(p * h + yy) * w + xx];
                    int corner = p * plane + yy * scale * hw + xx * scale;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) x[corner + dy * hw + dx] -= r;
                    }
                }
            }
        }
    }
}
