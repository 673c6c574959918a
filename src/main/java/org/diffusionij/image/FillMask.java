package org.diffusionij.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * The region an inpainting run fills, one flag per pixel of a plane ({@code true} = unknown, to be
 * filled), applied to every plane of the image. It comes from the image's area selection or from
 * a mask image whose non-zero pixels mark the region. A region that is empty or covers the whole
 * image is refused: there is nothing to do, or nothing known to condition on.
 */
public final class FillMask {

    private final int width;
    private final int height;
    private final boolean[] fill;
    private final int count;
    private final String source;

    private FillMask(int width, int height, boolean[] fill, String source) {
        int n = 0;
        for (boolean f : fill) if (f) n++;
        if (n == 0) {
            throw new IllegalArgumentException("The region to fill (" + source + ") is empty: select the pixels to "
                    + "fill, or use a mask image whose non-zero pixels mark them.");
        }
        if (n == fill.length) {
            throw new IllegalArgumentException("The region to fill (" + source + ") covers the whole image, so no "
                    + "pixel is known to build on: select only the part to fill (use Generate... to make an image "
                    + "from nothing).");
        }
        this.width = width;
        this.height = height;
        this.fill = fill;
        this.count = n;
        this.source = source;
    }

    /** The region from {@code imp}'s area selection. */
    public static FillMask fromSelection(ImagePlus imp) {
        Roi roi = imp.getRoi();
        if (roi == null) {
            throw new IllegalArgumentException("'" + imp.getTitle() + "' has no selection and no mask image was "
                    + "given: draw a selection around the region to fill, or give a mask image (mask=[title]).");
        }
        if (!roi.isArea()) {
            throw new IllegalArgumentException("The selection on '" + imp.getTitle() + "' is a "
                    + roi.getTypeAsString().toLowerCase() + ", not an area: draw an area selection (rectangle, "
                    + "oval, polygon, freehand) around the region to fill.");
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        ByteProcessor bp = new ByteProcessor(w, h);
        bp.setColor(255);
        bp.fill(roi);
        byte[] px = (byte[]) bp.getPixels();
        boolean[] fill = new boolean[w * h];
        for (int i = 0; i < fill.length; i++) fill[i] = px[i] != 0;
        return new FillMask(w, h, fill, "the selection on '" + imp.getTitle() + "'");
    }

    /** The region from the non-zero pixels of {@code mask}, which must be one plane of {@code target}'s size. */
    public static FillMask fromImage(ImagePlus mask, ImagePlus target) {
        if (mask.getWidth() != target.getWidth() || mask.getHeight() != target.getHeight()) {
            throw new IllegalArgumentException("The mask '" + mask.getTitle() + "' is " + mask.getWidth() + "x"
                    + mask.getHeight() + " but '" + target.getTitle() + "' is " + target.getWidth() + "x"
                    + target.getHeight() + ": the mask must have the image's size.");
        }
        if (mask.getStackSize() != 1) {
            throw new IllegalArgumentException("The mask '" + mask.getTitle() + "' has " + mask.getStackSize()
                    + " planes; give a single-plane mask (it applies to every plane of the image).");
        }
        ImageProcessor ip = mask.getProcessor();
        int n = mask.getWidth() * mask.getHeight();
        boolean[] fill = new boolean[n];
        boolean rgb = mask.getType() == ImagePlus.COLOR_RGB;
        for (int i = 0; i < n; i++) {
            fill[i] = rgb ? (ip.get(i) & 0xffffff) != 0 : ip.getf(i) != 0;
        }
        return new FillMask(mask.getWidth(), mask.getHeight(), fill, "the non-zero pixels of '" + mask.getTitle() + "'");
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** True where pixel {@code i} (row-major) is to be filled. */
    public boolean isFill(int i) {
        return fill[i];
    }

    /** A copy of the flags, row-major, {@code true} = fill. */
    public boolean[] toArray() {
        return fill.clone();
    }

    /** Number of pixels to fill per plane. */
    public int fillCount() {
        return count;
    }

    /** Where the region came from, for messages. */
    public String source() {
        return source;
    }

    /**
     * Puts {@code input}'s own pixel values back into {@code result} wherever the pixel is known,
     * on every plane, so known pixels are unchanged bit for bit (no round trip through model space).
     * Both images must have the same type, size and plane count; {@code result} is modified.
     */
    public void restoreKnown(ImagePlus input, ImagePlus result) {
        if (input.getType() != result.getType() || input.getStackSize() != result.getStackSize()
                || input.getWidth() != width || result.getWidth() != width
                || input.getHeight() != height || result.getHeight() != height) {
            throw new IllegalArgumentException("restoreKnown needs two images of the mask's size, type and planes");
        }
        ImageStack from = input.getStack();
        ImageStack to = result.getStack();
        for (int s = 1; s <= from.getSize(); s++) {
            Object src = from.getPixels(s);
            Object dst = to.getPixels(s);
            int i = 0;
            while (i < fill.length) {           // copy runs of known pixels
                if (fill[i]) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < fill.length && !fill[j]) j++;
                System.arraycopy(src, i, dst, i, j - i);
                i = j;
            }
        }
    }
}
