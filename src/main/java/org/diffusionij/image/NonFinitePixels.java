package org.diffusionij.image;

import java.util.Locale;
import java.util.Optional;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * The NaN and infinite pixels of an image (only 32-bit images can hold them). A plane with no
 * finite pixel has nothing to work from and is refused; a few such pixels are replaced on the
 * way into model space ({@link IntensityMap#toModel}), and {@link #replacementNote} says how
 * many and by what, so nothing is replaced silently.
 */
public final class NonFinitePixels {

    private final long count;
    private final long total;
    private final int emptyPlane;   // 1-based stack index of the first plane without a finite pixel, or 0
    private final int planes;

    private NonFinitePixels(long count, long total, int emptyPlane, int planes) {
        this.count = count;
        this.total = total;
        this.emptyPlane = emptyPlane;
        this.planes = planes;
    }

    /** Counts the non-finite pixels of every plane of {@code imp}. */
    public static NonFinitePixels of(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        int planes = stack.getSize();
        long plane = (long) imp.getWidth() * imp.getHeight();
        if (imp.getBitDepth() != 32) return new NonFinitePixels(0, plane * planes, 0, planes);
        long count = 0;
        int empty = 0;
        for (int s = 1; s <= planes; s++) {
            float[] px = (float[]) stack.getPixels(s);
            int bad = 0;
            for (float v : px) if (!Float.isFinite(v)) bad++;
            count += bad;
            if (bad == px.length && empty == 0) empty = s;
        }
        return new NonFinitePixels(count, plane * planes, empty, planes);
    }

    /** NaN and infinite pixels over all planes. */
    public long count() {
        return count;
    }

    /** All pixels over all planes. */
    public long total() {
        return total;
    }

    /** The 1-based stack index of the first plane without a finite pixel, or 0 when every plane has one. */
    public int emptyPlane() {
        return emptyPlane;
    }

    /**
     * Refuses an image with a plane that holds no finite pixel: a result made from it would be
     * invented.
     *
     * @param what the image as the user knows it, e.g. "image 'blobs.tif'"
     * @throws IllegalArgumentException naming the plane
     */
    public void refuseEmptyPlane(String what) {
        if (emptyPlane == 0) return;
        throw new IllegalArgumentException(emptyPlaneMessage(what));
    }

    /** The refusal {@link #refuseEmptyPlane} gives, or null when every plane has a finite pixel. */
    String emptyPlaneMessage(String what) {
        if (emptyPlane == 0) return null;
        String plane = planes > 1 ? " plane " + emptyPlane + " of " + planes : "";
        return what + plane + " has no finite pixel (all NaN or infinite): there is nothing to work from; "
                + "fix or remove " + (planes > 1 ? "that plane" : "the image");
    }

    /**
     * The log line for partly non-finite images: how many pixels are replaced, and by which image
     * value (what {@code map} turns a NaN into, mapped back); empty when there are none.
     */
    public Optional<String> replacementNote(IntensityMap map) {
        if (count == 0) return Optional.empty();
        double value = map.toImage(map.toModel(Double.NaN));
        return Optional.of(String.format(Locale.ROOT, "%d of %d pixels are NaN or infinite; the network sees "
                + "them as %.6g (image units)", count, total, value));
    }
}
