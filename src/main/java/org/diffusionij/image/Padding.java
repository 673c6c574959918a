package org.diffusionij.image;

import org.diffusionij.tensor.Mirror;

import java.util.ArrayList;
import java.util.List;

/**
 * Grows samples on the right and bottom to sizes the network takes (multiples of the model's
 * {@code size_multiple}, at least a minimum), by mirror reflection so the border adds no edge,
 * and crops results back. Only right and bottom grow, so pixel (0, 0) and any block alignment
 * (super-resolution's scale×scale blocks) stay where they were.
 */
public final class Padding {

    private Padding() {
    }

    /** The smallest size at least {@code size} and {@code min} that is a multiple of {@code multiple}. */
    public static int target(int size, int multiple, int min) {
        int s = Math.max(size, min);
        return (s + multiple - 1) / multiple * multiple;
    }

    /** True when {@code b} already has sizes the network takes. */
    public static boolean fits(ImageBatch b, int multiple, int min) {
        return target(b.height(), multiple, min) == b.height() && target(b.width(), multiple, min) == b.width();
    }

    /**
     * {@code b} mirrored out to {@code h} x {@code w} (each at least the batch's size); any amount
     * of padding works, also more than the sample itself (reflection repeats).
     */
    public static ImageBatch pad(ImageBatch b, int h, int w) {
        if (h < b.height() || w < b.width()) {
            throw new IllegalArgumentException("padding cannot shrink " + b.width() + "x" + b.height() + " to "
                    + w + "x" + h);
        }
        if (h == b.height() && w == b.width()) return b;
        int[] ys = new int[h];
        int[] xs = new int[w];
        for (int y = 0; y < h; y++) ys[y] = Mirror.index(y, b.height());
        for (int x = 0; x < w; x++) xs[x] = Mirror.index(x, b.width());
        List<float[]> out = new ArrayList<>(b.size());
        int srcPlane = b.height() * b.width();
        for (float[] s : b.samples()) {
            float[] d = new float[b.channels() * h * w];
            for (int c = 0; c < b.channels(); c++) {
                for (int y = 0; y < h; y++) {
                    int srcRow = c * srcPlane + ys[y] * b.width();
                    int dstRow = (c * h + y) * w;
                    for (int x = 0; x < w; x++) d[dstRow + x] = s[srcRow + xs[x]];
                }
            }
            out.add(d);
        }
        return new ImageBatch(b.channels(), h, w, out);
    }

    /** The top-left {@code h} x {@code w} of every sample. */
    public static ImageBatch crop(ImageBatch b, int h, int w) {
        if (h > b.height() || w > b.width()) {
            throw new IllegalArgumentException("cannot crop " + b.width() + "x" + b.height() + " to " + w + "x" + h);
        }
        if (h == b.height() && w == b.width()) return b;
        List<float[]> out = new ArrayList<>(b.size());
        for (float[] s : b.samples()) {
            float[] d = new float[b.channels() * h * w];
            for (int c = 0; c < b.channels(); c++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(s, (c * b.height() + y) * b.width(), d, (c * h + y) * w, w);
                }
            }
            out.add(d);
        }
        return new ImageBatch(b.channels(), h, w, out);
    }

}
