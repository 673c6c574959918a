package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    private static FloatStack ramp(int n, int c, int h, int w, float scale) {
        float[] d = new float[n * c * h * w];
        for (int i = 0; i < d.length; i++) d[i] = (i * 7 % 256) * scale;
        return new FloatStack(d, n, c, h, w);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void eightBitTiffStackRoundTrips() throws IOException {
        FloatStack images = ramp(3, 1, 5, 7, 1f);  // values 0..255 exactly
        Path out = dir.resolve("s.tif");
        ImageFiles.write(out, images, 8, 0, 255);
        ImagePlus imp = ImageFiles.open(out);
        assertEquals(8, imp.getBitDepth());
        assertEquals(3, imp.getStackSize());
        FloatStack back = ImageFiles.read(out);
        assertEquals(List.of(3, 1, 5, 7), List.of(back.n(), back.c(), back.h(), back.w()));
        assertArrayEquals(images.data(), back.data());
        assertEquals(List.of("s.tif"), files(), "no temporary file left");
    }

    @Test
    void eightBitMapsTheRangeAndClamps() throws IOException {
        // low..high = -1..1: -1 -> 0, 0 -> 127.5 -> 128, 1 -> 255; outside clamps; NaN -> 0.
        FloatStack images = new FloatStack(new float[] {-1, 0, 1, -3, 3, Float.NaN}, 1, 1, 2, 3);
        Path out = dir.resolve("m.tif");
        ImageFiles.write(out, images, 8, -1, 1);
        assertArrayEquals(new float[] {0, 128, 255, 0, 255, 0}, ImageFiles.read(out).data());
    }

    @Test
    void float32TiffKeepsValuesAndDisplayRange() throws IOException {
        float[] d = new float[2 * 3 * 4];
        Random r = new Random(3);
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian() * 1000;
        Path out = dir.resolve("f.tiff");
        ImageFiles.write(out, new FloatStack(d, 2, 1, 3, 4), 32, -500, 500);
        ImagePlus imp = ImageFiles.open(out);
        assertEquals(32, imp.getBitDepth());
        assertEquals(-500, imp.getDisplayRangeMin(), 1e-9);
        assertEquals(500, imp.getDisplayRangeMax(), 1e-9);
        assertArrayEquals(d, ImageFiles.toFloatStack(imp).data());
    }

    @Test
    void threeChannelsBecomeRgbAndOtherCountsAHyperstack() throws IOException {
        FloatStack rgb = ramp(2, 3, 4, 5, 1f);
        Path out = dir.resolve("rgb.tif");
        ImageFiles.write(out, rgb, 8, 0, 255);
        assertEquals(24, ImageFiles.open(out).getBitDepth());
        assertArrayEquals(rgb.data(), ImageFiles.read(out).data());

        FloatStack two = ramp(3, 2, 4, 5, 0.5f);
        Path hs = dir.resolve("two.tif");
        ImageFiles.write(hs, two, 32, 0, 128);
        ImagePlus imp = ImageFiles.open(hs);
        assertEquals(2, imp.getNChannels());
        assertEquals(3, imp.getNSlices());
        FloatStack back = ImageFiles.toFloatStack(imp);
        assertEquals(List.of(3, 2), List.of(back.n(), back.c()));
        assertArrayEquals(two.data(), back.data());
    }

    @Test
    void pngGridPlacesTilesRowByRowWithGaps() throws IOException {
        int n = 5, h = 4, w = 6;
        float[] d = new float[n * h * w];
        for (int i = 0; i < n; i++) for (int p = 0; p < h * w; p++) d[i * h * w + p] = 10 * (i + 1) + p % 3;
        Path out = dir.resolve("g.png");
        ImageFiles.write(out, new FloatStack(d, n, 1, h, w), 8, 0, 255);
        FloatStack grid = ImageFiles.read(out);
        int cols = 3, gap = ImageFiles.GRID_GAP;
        assertEquals(List.of(1, 1, 2 * h + gap, cols * w + 2 * gap), List.of(grid.n(), grid.c(), grid.h(), grid.w()));
        for (int i = 0; i < n; i++) {
            int x0 = (i % cols) * (w + gap), y0 = (i / cols) * (h + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(d[i * h * w + y * w + x], grid.data()[(y0 + y) * grid.w() + x0 + x], "tile " + i);
                }
            }
        }
        assertEquals(0f, grid.data()[w], "gap is black");                               // column gap
        assertEquals(0f, grid.data()[(2 * h + gap - 1) * grid.w() + grid.w() - 1], "missing 6th tile is black");
    }

    @Test
    void pngGridOfRgbImages() throws IOException {
        FloatStack rgb = ramp(1, 3, 3, 3, 1f);
        Path out = dir.resolve("c.png");
        ImageFiles.write(out, rgb, 8, 0, 255);
        assertArrayEquals(rgb.data(), ImageFiles.read(out).data());
    }

    @Test
    void requestsAFileCannotHoldAreRefused() {
        FloatStack one = ramp(1, 1, 2, 2, 1f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.write(dir.resolve("a.png"), one, 32, 0, 1));
        assertTrue(e.getMessage().contains("PNG holds 8-bit"));
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.write(dir.resolve("a.png"), ramp(1, 2, 2, 2, 1f), 8, 0, 1));
        assertTrue(e.getMessage().contains("1 (grey) or 3 (RGB) channels, not 2"));
        e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(dir.resolve("a.jpg"), one, 8, 0, 1));
        assertTrue(e.getMessage().contains("use .tif"));
        e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(dir.resolve("a.tif"), one, 16, 0, 1));
        assertTrue(e.getMessage().contains("8 or 32"));
    }

    @Test
    void missingFolderIsAClearErrorAndLeavesNothing() throws IOException {
        Path out = dir.resolve("no/such/folder/x.tif");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.write(out, ramp(1, 1, 2, 2, 1f), 8, 0, 1));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(List.of(), files());
        e = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(out));
        assertTrue(e.getMessage().contains("does not exist"));
    }

    @Test
    void readOnlyFolderIsAClearError() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "root ignores permissions");
            IOException e = assertThrows(IOException.class,
                    () -> ImageFiles.write(ro.resolve("x.tif"), ramp(1, 1, 2, 2, 1f), 8, 0, 1));
            assertTrue(e.getMessage().contains("not writable"), e.getMessage());
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path out = dir.resolve("keep.tif");
        Files.writeString(out, "old content");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, stream -> {
            stream.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals("old content", Files.readString(out));
        assertEquals(List.of("keep.tif"), files());
    }

    @Test
    void outputGetsTheUsualPermissionsNotATemporaryFilesOwnerOnlyOnes() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));  // permissions from the umask
        Path out = dir.resolve("p.tif");
        ImageFiles.write(out, ramp(1, 1, 2, 2, 1f), 8, 0, 255);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
    }

    @Test
    void aFolderGivenAsOutputIsRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out.tif"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(folder));
        assertTrue(e.getMessage().contains("is a folder"));
    }

    @Test
    void readingSomethingThatIsNotAnImageSaysSo() throws IOException {
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("none.tif")));
        assertTrue(e.getMessage().contains("not found"));
        Path junk = dir.resolve("junk.tif");
        Files.writeString(junk, "not a tiff");
        e = assertThrows(IOException.class, () -> ImageFiles.read(junk));
        assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
