package org.diffusionij.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A TIFF stack written image by image as the images are made, so memory holds one chunk however
 * many images there are. ImageJ's own writer needs the whole stack in memory; this one writes
 * what ImageJ writes for an uncompressed stack (its description, planes one after another, then
 * one directory per plane), so ImageJ, Fiji and other readers open it as a stack.
 *
 * <p>Layout: header, ImageJ description, pixel data of every plane in order, directories. All
 * offsets are known from the image count up front, so the file is written front to back, through
 * {@link AtomicFiles#begin}: whole after {@link #commit}, nothing after {@link #close} without.
 * Classic TIFF has 32-bit offsets, so the whole file must stay below 4 GiB ({@link #MAX_BYTES});
 * {@link #check} refuses larger stacks up front, naming the largest count that fits.
 */
public final class TiffStackStream implements ImageStream {

    /** Classic TIFF's 32-bit offsets: the file's last byte must lie below 4 GiB. */
    public static final long MAX_BYTES = 0xFFFF_FFFFL;

    private static final int SHORT = 3, LONG = 4, ASCII = 2;

    private final Layout layout;
    private final double low, high;
    private final AtomicFiles.Pending file;
    private final OutputStream out;
    private int written;   // images

    private TiffStackStream(Layout layout, double low, double high, AtomicFiles.Pending file) {
        this.layout = layout;
        this.low = low;
        this.high = high;
        this.file = file;
        this.out = file.stream();
    }

    /** Where everything lies in the file, computed from the counts alone. */
    private static final class Layout {
        final int count, c, h, w, bits;
        final boolean rgb;
        final int planesPerImage;
        final long planeBytes;
        final byte[] description;
        final long dataStart;
        final long ifdStart;
        final int entries;   // per directory, without the description
        final long total;

        Layout(int count, int c, int h, int w, int bits, double low, double high) {
            this.count = count;
            this.c = c;
            this.h = h;
            this.w = w;
            this.bits = bits;
            this.rgb = bits == 8 && c == 3;
            this.planesPerImage = rgb ? 1 : c;
            this.planeBytes = (long) h * w * (rgb ? 3 : bits / 8);
            this.description = description(count, planesPerImage, bits, low, high);
            long bps = rgb ? 6 : 0;
            this.dataStart = 8 + even(description.length) + bps;
            long data = planes() * planeBytes;
            this.ifdStart = dataStart + even(data);
            this.entries = bits == 32 ? 12 : 11;
            this.total = ifdStart + ifdBytes(entries + 1) + (planes() - 1) * ifdBytes(entries);
        }

        long planes() {
            return (long) count * planesPerImage;
        }

        long bitsOffset() {
            return 8 + even(description.length);
        }

        long ifdOffset(long plane) {
            return plane == 0 ? ifdStart : ifdStart + ifdBytes(entries + 1) + (plane - 1) * ifdBytes(entries);
        }

        /** Bytes one more image adds to the file. */
        long bytesPerImage() {
            return planesPerImage * (planeBytes + ifdBytes(entries)) + 1;
        }

        private static long ifdBytes(int entries) {
            return 2 + 12L * entries + 4;
        }

        private static long even(long n) {
            return n + (n & 1);
        }

        private static byte[] description(int count, int planesPerImage, int bits, double low, double high) {
            StringBuilder d = new StringBuilder("ImageJ=1.54p\n");
            d.append("images=").append((long) count * planesPerImage).append('\n');
            if (planesPerImage > 1) {
                d.append("channels=").append(planesPerImage).append('\n');
                d.append("slices=").append(count).append('\n');
                d.append("hyperstack=true\nmode=grayscale\n");
            } else {
                d.append("slices=").append(count).append('\n');
            }
            d.append("loop=false\n");
            if (bits == 32) d.append(String.format(Locale.ROOT, "min=%s\nmax=%s\n", low, high));
            d.append('\0');
            return d.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Refuses, before any work, a stack that classic TIFF cannot hold.
     *
     * @throws IllegalArgumentException naming the 4 GiB limit and the largest count that fits
     */
    public static void check(Path out, int count, int c, int h, int w, int bits) {
        checkShape(c, bits);
        Layout l = new Layout(count, c, h, w, bits, 0, 1);
        if (l.total > MAX_BYTES) {
            long fits = Math.max(0, (MAX_BYTES - l.dataStart - 64) / l.bytesPerImage());
            throw new IllegalArgumentException(String.format(Locale.ROOT, "output %s: %d images of %dx%d (%d-bit) "
                    + "need %.2f GiB but a TIFF holds at most 4 GiB (32-bit offsets); use --count %d or fewer per "
                    + "file and write several files", out, count, w, h, bits, l.total / (double) (1L << 30), fits));
        }
    }

    private static void checkShape(int c, int bits) {
        if (bits != 8 && bits != 32) throw new IllegalArgumentException("bit depth must be 8 or 32, got " + bits);
        if (c < 1) throw new IllegalArgumentException("channels must be at least 1, got " + c);
    }

    /**
     * Starts {@code out}: {@code count} images of {@code c} channels, {@code h} x {@code w}, stored
     * 8-bit ({@code low..high} to 0..255, RGB for 3 channels) or 32-bit (values kept, display range
     * {@code low..high}).
     */
    public static TiffStackStream open(Path out, int count, int c, int h, int w, int bits, double low, double high)
            throws IOException {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        if (!(low < high)) throw new IllegalArgumentException("intensity range " + low + ".." + high + " is empty");
        check(out, count, c, h, w, bits);
        Layout l = new Layout(count, c, h, w, bits, low, high);
        AtomicFiles.Pending file = AtomicFiles.begin(out);
        try {
            TiffStackStream s = new TiffStackStream(l, low, high, file);
            s.writeHead();
            return s;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void writeHead() throws IOException {
        ByteBuffer b = buffer(8);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) layout.ifdStart);
        out.write(b.array());
        out.write(layout.description);
        if ((layout.description.length & 1) == 1) out.write(0);
        if (layout.rgb) out.write(buffer(6).putShort((short) 8).putShort((short) 8).putShort((short) 8).array());
    }

    @Override
    public void append(FloatStack images) throws IOException {
        if (images.c() != layout.c || images.h() != layout.h || images.w() != layout.w) {
            throw new IllegalArgumentException("images of " + images.c() + "x" + images.h() + "x" + images.w()
                    + " do not fit a stack of " + layout.c + "x" + layout.h + "x" + layout.w);
        }
        if (written + images.n() > layout.count) {
            throw new IllegalStateException("more images than the " + layout.count + " announced");
        }
        int plane = layout.h * layout.w;
        float[] d = images.data();
        for (int i = 0; i < images.n(); i++) {
            if (layout.rgb) {
                byte[] px = new byte[plane * 3];
                int r = images.offset(i, 0), g = images.offset(i, 1), bl = images.offset(i, 2);
                for (int p = 0; p < plane; p++) {
                    px[3 * p] = (byte) ImageFiles.toByte(d[r + p], low, high);
                    px[3 * p + 1] = (byte) ImageFiles.toByte(d[g + p], low, high);
                    px[3 * p + 2] = (byte) ImageFiles.toByte(d[bl + p], low, high);
                }
                out.write(px);
                continue;
            }
            for (int k = 0; k < layout.c; k++) {
                int off = images.offset(i, k);
                if (layout.bits == 8) {
                    byte[] px = new byte[plane];
                    for (int p = 0; p < plane; p++) px[p] = (byte) ImageFiles.toByte(d[off + p], low, high);
                    out.write(px);
                } else {
                    ByteBuffer b = buffer(plane * 4);
                    b.asFloatBuffer().put(d, off, plane);
                    out.write(b.array());
                }
            }
        }
        written += images.n();
    }

    /** Images appended so far. */
    public int written() {
        return written;
    }

    @Override
    public void commit() throws IOException {
        if (written != layout.count) {
            throw new IllegalStateException(written + " of " + layout.count + " images were written");
        }
        if ((layout.planes() * layout.planeBytes & 1) == 1) out.write(0);
        for (long p = 0; p < layout.planes(); p++) out.write(directory(p));
        file.commit();
    }

    /** The directory of plane {@code p}: one uncompressed strip, pointing at the next directory. */
    private byte[] directory(long p) {
        boolean first = p == 0;
        int n = layout.entries + (first ? 1 : 0);
        ByteBuffer b = buffer(2 + 12 * n + 4);
        b.putShort((short) n);
        entry(b, 254, LONG, 1, 0);
        entry(b, 256, LONG, 1, layout.w);
        entry(b, 257, LONG, 1, layout.h);
        if (layout.rgb) entry(b, 258, SHORT, 3, layout.bitsOffset());
        else entry(b, 258, SHORT, 1, layout.bits);
        entry(b, 259, SHORT, 1, 1);
        entry(b, 262, SHORT, 1, layout.rgb ? 2 : 1);
        if (first) entry(b, 270, ASCII, layout.description.length, 8);
        entry(b, 273, LONG, 1, layout.dataStart + p * layout.planeBytes);
        entry(b, 277, SHORT, 1, layout.rgb ? 3 : 1);
        entry(b, 278, LONG, 1, layout.h);
        entry(b, 279, LONG, 1, layout.planeBytes);
        entry(b, 284, SHORT, 1, 1);
        if (layout.bits == 32) entry(b, 339, SHORT, 1, 3);
        b.putInt(p + 1 < layout.planes() ? (int) layout.ifdOffset(p + 1) : 0);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
        b.putShort((short) tag).putShort((short) type).putInt((int) count);
        if (type == SHORT && count == 1) b.putShort((short) value).putShort((short) 0);
        else b.putInt((int) value);
    }

    private static ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Removes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
