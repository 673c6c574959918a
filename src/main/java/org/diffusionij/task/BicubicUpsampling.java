package org.diffusionij.task;

/**
 * Bicubic upsampling by an integer factor (Keys' kernel, a = -0.5; edges clamped), pixel centres
 * aligned as in image resizing: output pixel X samples the input at (X + 0.5)/scale - 0.5. The
 * smooth first guess super-resolution starts from.
 */
final class BicubicUpsampling {

    private BicubicUpsampling() {
    }

    /**
     * @param lowRes planes x h x w, not modified
     * @return a new planes x (h·scale) x (w·scale) array
     */
    static float[] upsample(float[] lowRes, int planes, int h, int w, int scale) {
        int bh = h * scale, bw = w * scale;
        float[] rows = new float[planes * h * bw];      // widened along x first
        float[] out = new float[planes * bh * bw];
        Taps tx = new Taps(w, scale), ty = new Taps(h, scale);
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                int src = (p * h + y) * w, dst = (p * h + y) * bw;
                for (int x = 0; x < bw; x++) rows[dst + x] = tx.apply(lowRes, src, 1, x);
            }
            for (int y = 0; y < bh; y++) {
                int dst = (p * bh + y) * bw;
                for (int x = 0; x < bw; x++) out[dst + x] = ty.apply(rows, p * h * bw + x, bw, y);
            }
        }
        return out;
    }

    /** The four source indices and weights of every output position along one axis. */
    private static final class Taps {
        private final int[] index;
        private final float[] weight;

        Taps(int n, int scale) {
            int big = n * scale;
            index = new int[4 * big];
            weight = new float[4 * big];
            for (int o = 0; o < big; o++) {
                double u = (o + 0.5) / scale - 0.5;
                int base = (int) Math.floor(u);
                for (int k = 0; k < 4; k++) {
                    int i = base - 1 + k;
                    index[4 * o + k] = Math.max(0, Math.min(n - 1, i));
                    weight[4 * o + k] = (float) keys(u - i);
                }
            }
        }

        float apply(float[] src, int start, int stride, int o) {
            double sum = 0;
            for (int k = 0; k < 4; k++) sum += weight[4 * o + k] * src[start + index[4 * o + k] * stride];
            return (float) sum;
        }

        /** Keys' cubic convolution kernel with a = -0.5. */
        private static double keys(double d) {
            double x = Math.abs(d);
            if (x <= 1) return (1.5 * x - 2.5) * x * x + 1;
            if (x < 2) return ((-0.5 * x + 2.5) * x - 4) * x + 2;
            return 0;
        }
    }
}
