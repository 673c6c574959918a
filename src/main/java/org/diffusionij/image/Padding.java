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

    /**
     * The smallest size at least {@code size} and {@code min} that is a multiple of {@code multiple};
     * also the size to suggest when a user's size is not a multiple ("try WxH").
     *
     * @throws IllegalArgumentException when that size exceeds what an image can have
     */
    public static int target(int size, int multiple, int min) {
        if (multiple < 1) throw new IllegalArgumentException("size multiple must be positive, got " + multiple);
        long s = Math.max(size, min);
        long t = (s + multiple - 1) / multiple * multiple;  // in long: no overflow near Integer.MAX_VALUE
        if (t > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("size " + size + " rounded up to a multiple of " + multiple + " is " + t
                    + ", larger than any image can be; use a smaller size");
        }
        return (int) t;
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
        if ((long) b.channels() * h * w > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("padding " + b.width() + "x" + b.height() + " to " + w + "x" + h + " ("
                    + b.channels() + " channel(s)) makes a sample too large for one array; use a smaller image or "
                    + "a model with a smaller size_multiple");
        }
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
