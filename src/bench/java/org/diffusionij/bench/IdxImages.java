package org.diffusionij.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads images from an IDX file (the MNIST / Fashion-MNIST format, gzip-compressed): magic 2051,
 * count, rows, columns, then unsigned bytes.
 */
public final class IdxImages {

    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    private IdxImages(int count, int rows, int cols, byte[] pixels) {
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    /**
     * Reads a whole {@code *-images-idx3-ubyte.gz} file.
     *
     * @throws IOException if it is missing or not an IDX image file (the message says which)
     */
    public static IdxImages read(Path gz) throws IOException {
        if (!Files.isRegularFile(gz)) {
            throw new IOException("no IDX image file at " + gz
                    + " (Fashion-MNIST comes from the Debian package dataset-fashion-mnist)");
        }
        try (InputStream raw = Files.newInputStream(gz);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != 2051) throw new IOException(gz + " is not an IDX image file (magic " + magic + ", expected 2051)");
            int n = in.readInt(), r = in.readInt(), c = in.readInt();
            if (n < 0 || r < 1 || c < 1) throw new IOException(gz + " has an invalid header: " + n + " x " + r + " x " + c);
            byte[] px = new byte[Math.multiplyExact(n, r * c)];
            in.readFully(px);
            return new IdxImages(n, r, c, px);
        }
    }

    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /**
     * Image {@code index} in [0, 1] (byte / 255), centred on a {@code size x size} canvas of
     * background 0 (Fashion-MNIST's 28x28 on 32x32, as the model was trained), then average-pooled
     * by {@code size / target} when the model works at a smaller size.
     */
    public float[] image(int index, int canvas, int target) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("image index " + index + " outside 0.." + (count - 1));
        }
        if (canvas < Math.max(rows, cols) || target < 1 || canvas % target != 0) {
            throw new IllegalArgumentException("cannot place " + rows + "x" + cols + " images on a " + canvas
                    + " canvas and pool them to " + target);
        }
        float[] out = new float[canvas * canvas];
        int top = (canvas - rows) / 2, left = (canvas - cols) / 2;
        int base = index * rows * cols;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) out[(y + top) * canvas + x + left] = (pixels[base + y * cols + x] & 0xff) / 255f;
        }
        int f = canvas / target;
        return f == 1 ? out : Degradations.averagePool(out, canvas, canvas, f);
    }
}
