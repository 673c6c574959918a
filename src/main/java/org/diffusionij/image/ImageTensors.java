package org.diffusionij.image;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * ImagePlus to model-space float samples and back. The way in reads raw pixel values of every
 * plane and maps them with an {@link IntensityMap}; the way out maps back, clamps and rounds to
 * the input's type, and builds a new image (the input is never touched).
 */
public final class ImageTensors {

    private ImageTensors() {
    }

    /** The planes of {@code imp} as model-space samples in {@code layout}. */
    public static ImageBatch toBatch(ImagePlus imp, ChannelLayout layout, IntensityMap map) {
        return toBatch(imp, layout, map, 0, layout.sampleCount(imp));
    }

    /**
     * Samples {@code from} (inclusive) to {@code to} (exclusive) of {@code imp} in model space, so
     * that a long stack can be converted chunk by chunk instead of all at once.
     */
    public static ImageBatch toBatch(ImagePlus imp, ChannelLayout layout, IntensityMap map, int from, int to) {
        int count = layout.sampleCount(imp);
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("samples " + from + ".." + to + " outside 0.." + count);
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        int plane = w * h;
        ImageStack stack = imp.getStack();
        int channels = channels(imp, layout);
        List<float[]> samples = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            float[] s = new float[channels * plane];
            for (int c = 0; c < channels; c++) {
                PlaneRef ref = planeOf(layout, i, c, channels);
                readPlane(stack.getProcessor(ref.slice), ref.rgbShift, map, s, c * plane, plane);
            }
            samples.add(s);
        }
        return new ImageBatch(channels, h, w, samples);
    }

    /** Channels per sample of {@code imp} in {@code layout}. */
    public static int channels(ImagePlus imp, ChannelLayout layout) {
        return layout == ChannelLayout.RGB_CHANNELS ? 3
                : layout == ChannelLayout.HYPERSTACK_CHANNELS ? imp.getNChannels() : 1;
    }

    /**
     * A new image of {@code like}'s type and plane structure holding {@code batch} mapped back to
     * image values: clamped and rounded for 8/16-bit and RGB, unchanged for 32-bit. Size comes from
     * the batch; title, calibration (pixel size divided by the size ratio), properties, slice labels,
     * hyperstack dimensions, LUTs and display range come from {@code like}.
     */
    public static ImagePlus toImage(ImageBatch batch, ChannelLayout layout, IntensityMap map, ImagePlus like,
                                    String title) {
        ImagePlus out = allocate(like, batch.width(), batch.height(), title);
        write(batch, layout, map, out, 0);
        return finish(like, out);
    }

    /**
     * A blank image of {@code like}'s type and plane structure, {@code width} x {@code height},
     * to be filled chunk by chunk with {@link #write} and completed with {@link #finish}.
     */
    public static ImagePlus allocate(ImagePlus like, int width, int height, String title) {
        return blank(like.getType(), width, height, like.getNChannels(), like.getNSlices(), like.getNFrames(),
                title);
    }

    /**
     * A blank 32-bit image of {@code like}'s plane structure (gray layouts), e.g. for a per-pixel
     * uncertainty map beside a result of any type.
     */
    public static ImagePlus allocateFloat(ImagePlus like, int width, int height, String title) {
        return blank(ImagePlus.GRAY32, width, height, like.getNChannels(), like.getNSlices(), like.getNFrames(), title);
    }

    /**
     * Writes {@code batch} as samples {@code first}, {@code first+1}, ... of {@code out} (made by
     * {@link #allocate}), mapped back to image values and clamped and rounded to its type.
     */
    public static void write(ImageBatch batch, ChannelLayout layout, IntensityMap map, ImagePlus out, int first) {
        if (batch.width() != out.getWidth() || batch.height() != out.getHeight()) {
            throw new IllegalArgumentException("batch is " + batch.width() + "x" + batch.height() + " but the image is "
                    + out.getWidth() + "x" + out.getHeight());
        }
        int expected = layout.sampleCount(out);
        if (first < 0 || first + batch.size() > expected) {
            throw new IllegalArgumentException("samples " + first + ".." + (first + batch.size())
                    + " do not fit the image's " + expected + " in layout " + layout);
        }
        int plane = batch.width() * batch.height();
        int channels = batch.channels();
        ImageStack stack = out.getStack();
        for (int i = 0; i < batch.size(); i++) {
            float[] sample = batch.sample(i);
            for (int c = 0; c < channels; c++) {
                PlaneRef ref = planeOf(layout, first + i, c, channels);
                writePlane(sample, c * plane, plane, map, stack.getProcessor(ref.slice), ref.rgbShift);
            }
        }
    }

    /** Carries {@code like}'s attributes onto a filled image (see {@link ImageAttributes#carry}). */
    public static ImagePlus finish(ImagePlus like, ImagePlus out) {
        return ImageAttributes.carry(like, out);
    }

    /**
     * A new image from generated samples (no input image): C = 1 gives a stack of
     * {@code batch.size()} slices, C = 3 with {@code eightBit} an RGB stack, any other C a
     * hyperstack of C channels and {@code batch.size()} frames. 8-bit when {@code eightBit},
     * otherwise 32-bit.
     */
    public static ImagePlus newImage(ImageBatch batch, IntensityMap map, boolean eightBit, String title) {
        int c = batch.channels();
        int n = batch.size();
        ImagePlus out;
        if (c == 1) {
            out = filled(batch, ChannelLayout.GRAY_PLANES, map, eightBit ? ImagePlus.GRAY8 : ImagePlus.GRAY32,
                    1, n, 1, title);
        } else if (c == 3 && eightBit) {
            out = filled(batch, ChannelLayout.RGB_CHANNELS, map, ImagePlus.COLOR_RGB, 1, n, 1, title);
        } else {
            out = filled(batch, ChannelLayout.HYPERSTACK_CHANNELS, map, eightBit ? ImagePlus.GRAY8 : ImagePlus.GRAY32,
                    c, 1, n, title);
            out = new CompositeImage(out, IJ.COMPOSITE);
        }
        if (!eightBit) out.resetDisplayRange();
        return out;
    }

    private static ImagePlus blank(int type, int w, int h, int nChannels, int nSlices, int nFrames, String title) {
        int stackSize = nChannels * nSlices * nFrames;
        ImageStack stack = new ImageStack(w, h);
        for (int s = 0; s < stackSize; s++) stack.addSlice(null, newProcessor(type, w, h));
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(nChannels, nSlices, nFrames);
        if (nChannels > 1 || (nSlices > 1 && nFrames > 1)) out.setOpenAsHyperStack(true);
        return out;
    }

    private static ImagePlus filled(ImageBatch batch, ChannelLayout layout, IntensityMap map, int type,
                                    int nChannels, int nSlices, int nFrames, String title) {
        ImagePlus out = blank(type, batch.width(), batch.height(), nChannels, nSlices, nFrames, title);
        write(batch, layout, map, out, 0);
        return out;
    }

    /** The stack slice (1-based) that holds channel {@code channel} of sample {@code sample}. */
    static int sliceOf(ChannelLayout layout, int sample, int channel, int channels) {
        return planeOf(layout, sample, channel, channels).slice;
    }

    /** Which stack slice (1-based) and, for RGB, which colour byte holds channel c of sample i. */
    private static PlaneRef planeOf(ChannelLayout layout, int sample, int channel, int channels) {
        switch (layout) {
            case RGB_CHANNELS:
                return new PlaneRef(sample + 1, 16 - 8 * channel);
            case RGB_PLANES:
                return new PlaneRef(sample / 3 + 1, 16 - 8 * (sample % 3));
            case HYPERSTACK_CHANNELS:
                // ImageJ orders hyperstack planes channel fastest, so the C channels of one (z, t) are adjacent.
                return new PlaneRef(sample * channels + channel + 1, -1);
            default:
                return new PlaneRef(sample + 1, -1);
        }
    }

    private static final class PlaneRef {
        final int slice;
        final int rgbShift; // -1 for gray

        PlaneRef(int slice, int rgbShift) {
            this.slice = slice;
            this.rgbShift = rgbShift;
        }
    }

    private static void readPlane(ImageProcessor ip, int rgbShift, IntensityMap map, float[] dst, int off, int n) {
        if (rgbShift >= 0) {
            int[] px = (int[]) ip.getPixels();
            for (int i = 0; i < n; i++) dst[off + i] = map.toModel((px[i] >> rgbShift) & 0xff);
        } else {
            for (int i = 0; i < n; i++) dst[off + i] = map.toModel(ip.getf(i));
        }
    }

    private static void writePlane(float[] src, int off, int n, IntensityMap map, ImageProcessor ip, int rgbShift) {
        Object pixels = ip.getPixels();
        if (pixels instanceof byte[]) {
            byte[] px = (byte[]) pixels;
            for (int i = 0; i < n; i++) px[i] = (byte) clampRound(map.toImage(src[off + i]), 255);
        } else if (pixels instanceof short[]) {
            short[] px = (short[]) pixels;
            for (int i = 0; i < n; i++) px[i] = (short) clampRound(map.toImage(src[off + i]), 65535);
        } else if (pixels instanceof float[]) {
            float[] px = (float[]) pixels;
            for (int i = 0; i < n; i++) px[i] = (float) map.toImage(src[off + i]);
        } else {
            int[] px = (int[]) pixels;
            int keep = ~(0xff << rgbShift);
            for (int i = 0; i < n; i++) {
                int v = clampRound(map.toImage(src[off + i]), 255);
                px[i] = (px[i] & keep) | (v << rgbShift);
            }
        }
    }

    private static int clampRound(double v, int max) {
        if (!(v > 0)) return 0; // also NaN
        if (v >= max) return max;
        return (int) Math.round(v);
    }

    private static ImageProcessor newProcessor(int type, int w, int h) {
        switch (type) {
            case ImagePlus.GRAY8:
            case ImagePlus.COLOR_256:
                return new ByteProcessor(w, h);
            case ImagePlus.GRAY16:
                return new ShortProcessor(w, h);
            case ImagePlus.GRAY32:
                return new FloatProcessor(w, h);
            case ImagePlus.COLOR_RGB:
                return new ColorProcessor(w, h);
            default:
                throw new IllegalArgumentException("unsupported image type " + type);
        }
    }
}
