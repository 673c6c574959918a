package org.diffusionij.baseline;

/**
 * Classical upsampling by an integer factor with pixel-centre alignment (output pixel i samples
 * input position (i + 0.5)/f − 0.5, as for an image made by average pooling): nearest neighbour
 * and Keys' cubic convolution with a = −0.5 (the usual "bicubic"). Borders replicate.
 */
public final class Upsample {

    private static final double A = -0.5;

    private Upsample() {
    }

    /** Each input pixel becomes a factor x factor block. */
    public static float[] nearest(float[] plane, int h, int w, int factor) {
        Planes.check(plane, h, w);
        checkFactor(factor);
        int oh = h * factor, ow = w * factor;
        float[] out = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) out[y * ow + x] = plane[(y / factor) * w + x / factor];
        }
        return out;
    }

    /** Separable Keys cubic convolution (a = −0.5); reproduces linear ramps away from the borders. */
    public static float[] bicubic(float[] plane, int h, int w, int factor) {
        Planes.check(plane, h, w);
        checkFactor(factor);
        int oh = h * factor, ow = w * factor;
        double[] tmp = new double[h * ow];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) tmp[y * ow + x] = interpolate(plane, y * w, 1, w, (x + 0.5) / factor - 0.5);
        }
        float[] out = new float[oh * ow];
        double[] column = new double[h];
        for (int x = 0; x < ow; x++) {
            for (int y = 0; y < h; y++) column[y] = tmp[y * ow + x];
            for (int y = 0; y < oh; y++) out[y * ow + x] = (float) interpolate(column, (y + 0.5) / factor - 0.5);
        }
        return out;
    }

    private static double interpolate(float[] data, int start, int stride, int n, double pos) {
        int i0 = (int) Math.floor(pos);
        double f = pos - i0, s = 0;
        for (int k = -1; k <= 2; k++) {
            int i = Math.min(Math.max(i0 + k, 0), n - 1);
            s += keys(k - f) * data[start + i * stride];
        }
        return s;
    }

    private static double interpolate(double[] data, double pos) {
        int n = data.length;
        int i0 = (int) Math.floor(pos);
        double f = pos - i0, s = 0;
        for (int k = -1; k <= 2; k++) s += keys(k - f) * data[Math.min(Math.max(i0 + k, 0), n - 1)];
        return s;
    }

    /** Keys (1981) cubic convolution kernel. */
    static double keys(double x) {
        x = Math.abs(x);
        if (x <= 1) return ((A + 2) * x - (A + 3)) * x * x + 1;
        if (x < 2) return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
        return 0;
    }

    private static void checkFactor(int factor) {
        if (factor < 1) throw new IllegalArgumentException("upsampling factor must be >= 1, got " + factor);
    }
}
