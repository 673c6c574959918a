package org.diffusionij.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * The region an inpainting run fills, one flag per pixel ({@code true} = unknown, to be filled):
 * either one plane applied to every plane of the image (an area selection, a single-plane mask
 * image) or a mask stack with one plane per image plane (stack slice). The non-zero pixels of a
 * mask image mark the region. A region that is empty everywhere, or covers the whole of a plane,
 * is refused: there is nothing to do, or nothing known to condition on.
 */
public final class FillMask {

    private final int width;
    private final int height;
    /** One flag array per mask plane: 1 plane (applies to all) or one per image slice. */
    private final boolean[][] planes;
    private final int count;
    private final String source;

    private FillMask(int width, int height, boolean[] fill, String source) {
        this(width, height, new boolean[][] {fill}, source);
    }

    private FillMask(int width, int height, boolean[][] planes, String source) {
        int n = 0;
        for (int p = 0; p < planes.length; p++) {
            int inPlane = 0;
            for (boolean f : planes[p]) if (f) inPlane++;
            if (inPlane == planes[p].length) {
                throw new IllegalArgumentException("The region to fill (" + source + ") covers the whole "
                        + (planes.length > 1 ? "plane " + (p + 1) : "image") + ", so no pixel is known to build on: "
                        + "select only the part to fill (use Generate... to make an image from nothing).");
            }
            n += inPlane;
        }
        if (n == 0) {
            throw new IllegalArgumentException("The region to fill (" + source + ") is empty: select the pixels to "
                    + "fill, or use a mask image whose non-zero pixels mark them.");
        }
        this.width = width;
        this.height = height;
        this.planes = planes;
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

    /**
     * The region from the non-zero pixels of {@code mask}, of {@code target}'s size: one plane
     * (applied to every plane of the target) or as many planes as the target's stack (plane k
     * for slice k).
     */
    public static FillMask fromImage(ImagePlus mask, ImagePlus target) {
        if (mask.getWidth() != target.getWidth() || mask.getHeight() != target.getHeight()) {
            throw new IllegalArgumentException("The mask '" + mask.getTitle() + "' is " + mask.getWidth() + "x"
                    + mask.getHeight() + " but '" + target.getTitle() + "' is " + target.getWidth() + "x"
                    + target.getHeight() + ": the mask must have the image's size.");
        }
        int slices = mask.getStackSize();
        if (slices != 1 && slices != target.getStackSize()) {
            throw new IllegalArgumentException("The mask '" + mask.getTitle() + "' has " + slices + " planes but '"
                    + target.getTitle() + "' has " + target.getStackSize() + ": give one mask plane for every image "
                    + "plane, or a single-plane mask (it applies to every plane).");
        }
        int n = mask.getWidth() * mask.getHeight();
        boolean rgb = mask.getType() == ImagePlus.COLOR_RGB;
        boolean[][] planes = new boolean[slices][n];
        for (int s = 0; s < slices; s++) {
            ImageProcessor ip = mask.getStack().getProcessor(s + 1);
            for (int i = 0; i < n; i++) planes[s][i] = rgb ? (ip.get(i) & 0xffffff) != 0 : ip.getf(i) != 0;
        }
        return new FillMask(mask.getWidth(), mask.getHeight(), planes, "the non-zero pixels of '" + mask.getTitle()
                + "'" + (slices > 1 ? " (" + slices + " planes, one per image plane)" : ""));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Mask planes: 1 (the same region on every image plane) or the image's stack size. */
    public int planes() {
        return planes.length;
    }

    /** True where pixel {@code i} (row-major) is to be filled; single-plane masks only. */
    public boolean isFill(int i) {
        return single()[i];
    }

    /** True where pixel {@code i} of image slice {@code slice} (0-based) is to be filled. */
    public boolean isFill(int slice, int i) {
        return planes[planes.length == 1 ? 0 : slice][i];
    }

    /** A copy of the flags, row-major, {@code true} = fill; single-plane masks only. */
    public boolean[] toArray() {
        return single().clone();
    }

    /** Number of pixels to fill per plane (single-plane masks), or over all planes of a mask stack. */
    public int fillCount() {
        return count;
    }

    /**
     * The region as the inpainting task's 0/1 mask (1 = fill) for samples {@code from}..{@code to}
     * (exclusive) of {@code image} in {@code layout}: one sample of C channel planes per image in
     * the batch, each channel the mask plane of the slice it comes from (for RGB, the slice's).
     * Pad it like the image ({@link Padding#pad}) and pack it as n·C·h·w values.
     */
    public ImageBatch forSamples(ImagePlus image, ChannelLayout layout, int from, int to) {
        int channels = ImageTensors.channels(image, layout);
        int plane = width * height;
        java.util.List<float[]> out = new java.util.ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            float[] s = new float[channels * plane];
            for (int c = 0; c < channels; c++) {
                boolean[] f = planes[planes.length == 1 ? 0 : ImageTensors.sliceOf(layout, i, c, channels) - 1];
                for (int p = 0; p < plane; p++) s[c * plane + p] = f[p] ? 1f : 0f;
            }
            out.add(s);
        }
        return new ImageBatch(channels, height, width, out);
    }

    private boolean[] single() {
        if (planes.length != 1) {
            throw new IllegalStateException("this mask has " + planes.length + " planes: ask per plane");
        }
        return planes[0];
    }

    /** Where the region came from, for messages. */
    public String source() {
        return source;
    }

    /**
     * Puts {@code input}'s own pixel values back into {@code result} wherever the pixel is known
     * (in each plane's own mask plane), so known pixels are unchanged bit for bit (no round trip
     * through model space).
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
            boolean[] fill = planes[planes.length == 1 ? 0 : s - 1];
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
