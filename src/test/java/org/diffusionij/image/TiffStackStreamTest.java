package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed TIFF stack: the same bytes however the images arrive, read back by ImageJ as the
 * stack it is; nothing on disk unless committed whole; counts over 4 GiB refused up front with a
 * count that fits.
 */
class TiffStackStreamTest {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static FloatStack images(int n, int c, int h, int w, int from) {
        float[] d = new float[n * c * h * w];
        for (int i = 0; i < d.length; i++) d[i] = (from * c * h * w + i) * 7 % 251;
        return new FloatStack(d, n, c, h, w);
    }

    @Test
    void chunksGiveTheSameFileAsOneAppendAndImageJReadsIt() throws IOException {
        for (int c : new int[] {1, 2, 3}) {
            for (int bits : new int[] {8, 32}) {
                Path whole = dir.resolve("whole" + c + bits + ".tif"), parts = dir.resolve("parts" + c + bits + ".tif");
                FloatStack all = images(7, c, 5, 3, 0);
                ImageFiles.write(whole, all, bits, 0, 255);
                try (ImageStream s = ImageFiles.stream(parts, 7, c, 5, 3, bits, 0, 255)) {
                    int[] sizes = {2, 1, 4};
                    int first = 0;
                    for (int n : sizes) {
                        s.append(new FloatStack(Arrays.copyOfRange(all.data(), first * c * 15, (first + n) * c * 15),
                                n, c, 5, 3));
                        first += n;
                    }
                    s.commit();
                }
                assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(parts), c + " channels, " + bits);
                ImagePlus imp = ImageFiles.open(parts);
                assertEquals(bits == 8 && c == 3 ? 7 : 7 * c, imp.getStackSize());
                FloatStack back = ImageFiles.toFloatStack(imp);
                assertEquals(List.of(7, c, 5, 3), List.of(back.n(), back.c(), back.h(), back.w()));
                if (bits == 32) assertArrayEquals(all.data(), back.data());
            }
        }
    }

    @Test
    void nothingIsLeftUnlessCommittedWhole() throws IOException {
        Path out = dir.resolve("s.tif");
        try (ImageStream s = ImageFiles.stream(out, 3, 1, 4, 4, 8, 0, 255)) {
            s.append(images(2, 1, 4, 4, 0));
            IllegalStateException e = assertThrows(IllegalStateException.class, s::commit);
            assertEquals("2 of 3 images were written", e.getMessage());
        }
        assertEquals(List.of(), files());
        try (ImageStream s = ImageFiles.stream(out, 1, 1, 4, 4, 8, 0, 255)) {
            assertThrows(IllegalStateException.class, () -> s.append(images(2, 1, 4, 4, 0)));
        }
        assertEquals(List.of(), files());
    }

    @Test
    void countsOverFourGibAreRefusedWithACountThatFits() {
        Path out = dir.resolve("big.tif");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.checkStream(out, 5_000_000, 1, 32, 32, 8));
        assertTrue(e.getMessage().startsWith("output " + out + ": 5000000 images of 32x32 (8-bit) need 5.41 GiB but "
                + "a TIFF holds at most 4 GiB (32-bit offsets); use --count "), e.getMessage());
        Matcher m = Pattern.compile("use --count ([0-9]+) or fewer").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        ImageFiles.checkStream(out, Integer.parseInt(m.group(1)), 1, 32, 32, 8);  // the count named fits
        assertEquals(3693007, Integer.parseInt(m.group(1)));
    }

    @Test
    void oneImageLargerThanAJavaArrayIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.checkStream(dir.resolve("a.tif"), 1, 1, 46341, 46341, 8));
        assertEquals("one image of 46341x46341 with 1 channel(s) holds 2147488281 values, more than one Java array "
                + "holds (2^31); use a smaller size", e.getMessage());
    }
}
