package org.diffusionij.image;

/**
 * Keeps a super-resolved image consistent with its input when the output type has a limited
 * range. Super-resolution guarantees that each scale×scale block of the result averages to the
 * input pixel; clamping the result to an 8- or 16-bit range afterwards would break that wherever
 * a block has values outside the range. Instead, each such block is shifted by the one constant
 * that makes its clamped values average to the target again (water filling), which is the
 * closest in-range block with the right mean. Blocks already in range are left untouched.
 */
public final class BlockMeans {

    private BlockMeans() {
    }

    /**
     * Adjusts {@code high} (planes of (h·scale) x (w·scale)) in place so that every value lies in
     * [lo, hi] and every block's mean equals the matching value of {@code low} (planes of h x w),
     * itself clamped to [lo, hi].
     *
     * @param planes number of planes in both arrays
     */
    public static void fitWithin(float[] high, float[] low, int planes, int h, int w, int scale, float lo, float hi) {
        int bw = w * scale;
        int k = scale * scale;
        float[] block = new float[k];
        for (int p = 0; p < planes; p++) {
            int lowBase = p * h * w;
            int highBase = p * h * w * k;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inRange = true;
                    int j = 0;
                    for (int dy = 0; dy < scale; dy++) {
                        int row = highBase + (y * scale + dy) * bw + x * scale;
                        for (int dx = 0; dx < scale; dx++) {
                            float v = high[row + dx];
                            block[j++] = v;
                            inRange &= v >= lo && v <= hi;
                        }
                    }
                    if (inRange) continue;
                    float target = Math.max(lo, Math.min(hi, low[lowBase + y * w + x]));
                    double c = shift(block, target, lo, hi);
                    j = 0;
                    for (int dy = 0; dy < scale; dy++) {
                        int row = highBase + (y * scale + dy) * bw + x * scale;
                        for (int dx = 0; dx < scale; dx++) {
                            high[row + dx] = (float) Math.max(lo, Math.min(hi, block[j++] + c));
                        }
                    }
                }
            }
        }
    }

    /** The c with mean(clamp(v + c, lo, hi)) = target, by bisection (the mean is monotone in c). */
    static double shift(float[] v, double target, double lo, double hi) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        double a = lo - max; // every value clamps to lo: mean lo <= target
        double b = hi - min; // every value clamps to hi: mean hi >= target
        for (int it = 0; it < 60 && b - a > 1e-9 * (hi - lo); it++) {
            double c = 0.5 * (a + b);
            if (clampedMean(v, c, lo, hi) < target) a = c; else b = c;
        }
        return 0.5 * (a + b);
    }

    private static double clampedMean(float[] v, double c, double lo, double hi) {
        double s = 0;
        for (float f : v) s += Math.max(lo, Math.min(hi, f + c));
        return s / v.length;
    }
}
