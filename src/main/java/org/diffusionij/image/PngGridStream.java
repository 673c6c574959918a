package org.diffusionij.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A PNG grid filled tile by tile as images are made: row by row, {@code columns} wide, tiles
 * separated by {@link ImageFiles#GRID_GAP} black pixels; 1 channel gives grey, 3 give RGB. The
 * grid is one picture held in memory until {@link #commit}, so its size is capped at
 * {@link #MAX_SIDE} pixels a side ({@link #check} names the largest count that fits); larger
 * counts belong in a TIFF stack, which streams.
 */
public final class PngGridStream implements ImageStream {

    /** Largest grid width and height: 8192 x 8192 is 64 megapixels, at most 256 MiB in memory. */
    public static final int MAX_SIDE = 8192;

    private final Path out;
    private final int count, c, h, w, columns;
    private final double low, high;
    private final BufferedImage grid;
    private int written;
    private boolean committed;

    private PngGridStream(Path out, int count, int c, int h, int w, int columns, double low, double high) {
        this.out = out;
        this.count = count;
        this.c = c;
        this.h = h;
        this.w = w;
        this.columns = Math.min(columns, count);
        this.low = low;
        this.high = high;
        long[] size = size(count, h, w, columns);
        this.grid = new BufferedImage((int) size[0], (int) size[1],
                c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    }

    /** Width and height of a grid of {@code count} tiles, {@code columns} wide. */
    private static long[] size(int count, int h, int w, int columns) {
        long cols = Math.min(columns, count), rows = (count + cols - 1) / cols;
        return new long[] {cols * w + (cols - 1) * ImageFiles.GRID_GAP, rows * h + (rows - 1) * ImageFiles.GRID_GAP};
    }

    /**
     * Refuses, before any work, a grid PNG cannot hold: channels other than 1 or 3, or more than
     * {@link #MAX_SIDE} pixels a side.
     *
     * @throws IllegalArgumentException naming the limit and the largest count that fits
     */
    public static void check(Path out, int count, int c, int h, int w, int columns) {
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("a PNG grid holds 1 (grey) or 3 (RGB) channels, not " + c
                    + "; write a .tif instead");
        }
        if (columns < 1) throw new IllegalArgumentException("columns must be positive, got " + columns);
        long[] size = size(count, h, w, columns);
        if (size[0] > MAX_SIDE || size[1] > MAX_SIDE) {
            // The largest square grid that fits (grids are near-square).
            long perSide = (MAX_SIDE + ImageFiles.GRID_GAP) / (Math.max(h, w) + ImageFiles.GRID_GAP);
            long fits = perSide * perSide;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "output %s: a grid of %d images of %dx%d "
                    + "would be %dx%d pixels but a PNG grid is at most %dx%d; use --count %d or fewer, or write a "
                    + ".tif stack (streamed, up to 4 GiB)", out, count, w, h, size[0], size[1], MAX_SIDE, MAX_SIDE,
                    fits));
        }
    }

    /** Starts a grid for {@code count} images; values {@code low..high} map to 0..255. */
    public static PngGridStream open(Path out, int count, int c, int h, int w, int columns, double low,
                                     double high) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        check(out, count, c, h, w, columns);
        return new PngGridStream(out, count, c, h, w, columns, low, high);
    }

    @Override
    public void append(FloatStack images) {
        if (images.c() != c || images.h() != h || images.w() != w) {
            throw new IllegalArgumentException("images of " + images.c() + "x" + images.h() + "x" + images.w()
                    + " do not fit a grid of " + c + "x" + h + "x" + w);
        }
        if (written + images.n() > count) {
            throw new IllegalStateException("more images than the " + count + " announced");
        }
        float[] d = images.data();
        int plane = h * w;
        for (int i = 0; i < images.n(); i++) {
            int tile = written + i;
            int x0 = (tile % columns) * (w + ImageFiles.GRID_GAP), y0 = (tile / columns) * (h + ImageFiles.GRID_GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int base = images.offset(i, 0) + p;
                    if (c == 1) {
                        grid.getRaster().setSample(x0 + x, y0 + y, 0, ImageFiles.toByte(d[base], low, high));
                    } else {
                        int rgb = ImageFiles.toByte(d[base], low, high) << 16
                                | ImageFiles.toByte(d[base + plane], low, high) << 8
                                | ImageFiles.toByte(d[base + 2 * plane], low, high);
                        grid.setRGB(x0 + x, y0 + y, rgb);
                    }
                }
            }
        }
        written += images.n();
    }

    @Override
    public void commit() throws IOException {
        if (written != count) throw new IllegalStateException(written + " of " + count + " images were written");
        AtomicFiles.write(out, stream -> {
            if (!ImageIO.write(grid, "png", stream)) throw new IOException("no PNG writer in this Java runtime");
        });
        committed = true;
    }

    /** Nothing is on disk before {@link #commit}: nothing to remove. */
    @Override
    public void close() {
        if (!committed) written = 0;
    }
}
