package org.diffusionij.image;

import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

/**
 * Percentiles of an image's pixel values over all planes (and all colour channels of RGB),
 * NaN and infinities ignored, linear interpolation between order statistics (numpy's default, the same rule the
 * training side uses). Images above {@link #MAX_VALUES} values are read with a fixed stride, so
 * the result is deterministic and memory stays bounded.
 */
final class Percentiles {

    /** Up to this many values are sorted; beyond it a regular subsample is. */
    static final int MAX_VALUES = 1 << 22;

    private Percentiles() {
    }

    /**
     * The {@code p} percentiles (0..100) of {@code imp}'s raw pixel values.
     *
     * @return one value per entry of {@code p}; NaN for an image with no finite value
     */
    static double[] of(ImagePlus imp, double... p) {
        float[] values = collect(imp);
        Arrays.sort(values);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = ofSorted(values, p[i]);
        return out;
    }

    /** Percentile {@code p} of an ascending array, numpy "linear" rule. */
    static double ofSorted(float[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        double pos = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double f = pos - lo;
        return sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }

    private static float[] collect(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
        int perPlane = imp.getWidth() * imp.getHeight();
        long total = (long) perPlane * stack.getSize() * (rgb ? 3 : 1);
        long stride = Math.max(1, (total + MAX_VALUES - 1) / MAX_VALUES);
        float[] values = new float[(int) Math.min(total, MAX_VALUES)];
        int n = 0;
        long index = 0;  // running index over all values, so the stride spans planes
        for (int s = 1; s <= stack.getSize(); s++) {
            ImageProcessor ip = stack.getProcessor(s);
            if (rgb) {
                int[] px = (int[]) ip.getPixels();
                for (int shift = 16; shift >= 0; shift -= 8) {
                    for (int i = 0; i < perPlane; i++, index++) {
                        if (index % stride == 0 && n < values.length) values[n++] = (px[i] >> shift) & 0xff;
                    }
                }
            } else {
                for (int i = 0; i < perPlane; i++, index++) {
                    if (index % stride != 0 || n >= values.length) continue;
                    float v = ip.getf(i);
                    if (Float.isFinite(v)) values[n++] = v;
                }
            }
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }
}
