package org.diffusionij.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST test images from Debian's dataset-fashion-mnist package: an IDX file (magic
 * 0x00000803, count, rows, cols, then unsigned bytes), gzip-compressed.
 */
public final class FashionMnist {

    /** The 10 000 held-out test images (never seen in training). */
    public static final Path TEST_IMAGES = Paths.get("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

    private FashionMnist() {
    }

    /**
     * Test images {@code first .. first+count-1} centred on 32x32 (a 2-pixel black border), as the
     * shipped model was trained: values 0..255, row-major.
     */
    public static float[][] centred32(int first, int count) {
        int[][] raw = testImages(first + count);
        float[][] out = new float[count][32 * 32];
        for (int i = 0; i < count; i++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) out[i][(y + 2) * 32 + x + 2] = raw[first + i][y * 28 + x];
            }
        }
        return out;
    }

    /**
     * The first {@code count} test images, each 28x28 values 0..255 in row-major order.
     *
     * @throws IllegalStateException when the file is missing (install dataset-fashion-mnist)
     */
    public static int[][] testImages(int count) {
        if (!Files.isRegularFile(TEST_IMAGES)) {
            throw new IllegalStateException(TEST_IMAGES + " is missing: apt-get install dataset-fashion-mnist");
        }
        try (InputStream raw = Files.newInputStream(TEST_IMAGES);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != 0x803) throw new IllegalStateException("not an IDX image file: magic " + magic);
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count > n) throw new IllegalArgumentException("the file holds " + n + " images, asked for " + count);
            int[][] out = new int[count][rows * cols];
            byte[] buf = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                in.readFully(buf);
                for (int k = 0; k < buf.length; k++) out[i][k] = buf[k] & 0xff;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
