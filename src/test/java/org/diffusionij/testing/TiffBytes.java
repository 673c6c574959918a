package org.diffusionij.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds baseline TIFF files byte by byte (little-endian, uncompressed, one strip per page), so
 * tests can make what ImageJ never writes: pages of different sizes, float64 or 3-channel float
 * samples, truncated data.
 */
public final class TiffBytes {

    /** Sample formats (TIFF tag 339). */
    public static final int UINT = 1, INT = 2, FLOAT = 3;

    private record Page(int width, int height, int bits, int samples, int format, byte[] data) {
    }

    private final List<Page> pages = new ArrayList<>();

    /** Adds a page whose pixel data is zeros. */
    public TiffBytes page(int width, int height, int bits, int samples, int format) {
        return page(width, height, bits, samples, format,
                new byte[width * height * samples * bits / 8]);
    }

    /** Adds a page with the given pixel data (little-endian, interleaved samples). */
    public TiffBytes page(int width, int height, int bits, int samples, int format, byte[] data) {
        pages.add(new Page(width, height, bits, samples, format, data));
        return this;
    }

    /** An 8-bit grey page of the given size filled with {@code value}. */
    public TiffBytes bytePage(int width, int height, int value) {
        byte[] d = new byte[width * height];
        java.util.Arrays.fill(d, (byte) value);
        return page(width, height, 8, 1, UINT, d);
    }

    /** A 32-bit float grey page holding {@code values} (row by row). */
    public TiffBytes floatPage(int width, int height, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return page(width, height, 32, 1, FLOAT, b.array());
    }

    /** The whole file. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int tags = 10;
        int ifdSize = 2 + tags * 12 + 4;
        int extra = 8;  // BitsPerSample array (up to 4 shorts) after each IFD
        // Layout: header, then per page its IFD + extras, then all pixel data.
        int pos = 8;
        int[] ifdAt = new int[pages.size()];
        for (int i = 0; i < pages.size(); i++) {
            ifdAt[i] = pos;
            pos += ifdSize + extra;
        }
        int[] dataAt = new int[pages.size()];
        for (int i = 0; i < pages.size(); i++) {
            dataAt[i] = pos;
            pos += pages.get(i).data.length;
        }
        ByteBuffer b = ByteBuffer.allocate(pos).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(pages.isEmpty() ? 0 : ifdAt[0]);
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            b.position(ifdAt[i]);
            b.putShort((short) tags);
            int bitsAt = ifdAt[i] + ifdSize;
            tag(b, 256, 4, 1, p.width);                                  // ImageWidth
            tag(b, 257, 4, 1, p.height);                                 // ImageLength
            if (p.samples == 1) tag(b, 258, 3, 1, p.bits);               // BitsPerSample
            else tag(b, 258, 3, p.samples, bitsAt);
            tag(b, 259, 3, 1, 1);                                        // Compression: none
            tag(b, 262, 3, 1, p.samples >= 3 ? 2 : 1);                   // Photometric: RGB or min-is-black
            tag(b, 273, 4, 1, dataAt[i]);                                // StripOffsets
            tag(b, 277, 3, 1, p.samples);                                // SamplesPerPixel
            tag(b, 278, 4, 1, p.height);                                 // RowsPerStrip
            tag(b, 279, 4, 1, p.data.length);                            // StripByteCounts
            tag(b, 339, 3, 1, p.format);                                 // SampleFormat
            b.putInt(i + 1 < pages.size() ? ifdAt[i + 1] : 0);
            for (int s = 0; s < Math.min(p.samples, 4); s++) b.putShort((short) p.bits);
            b.position(dataAt[i]);
            b.put(p.data);
        }
        out.writeBytes(b.array());
        return out.toByteArray();
    }

    private static void tag(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) b.putShort((short) value).putShort((short) 0);
        else b.putInt(value);
    }
}
