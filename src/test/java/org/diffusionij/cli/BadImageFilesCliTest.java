package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.testing.TiffBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on image files it must not use: exit 2, the reader's one line, no output file.
 * (The image subcommands refuse them before any model is loaded.)
 */
class BadImageFilesCliTest {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void refused(Path in, String expectedLine) throws IOException {
        List<String> before = files();
        MainTest.Run r = MainTest.run("denoise", "--in", in.toString(), "--out", dir.resolve("o.tif").toString(),
                "--sigma", "10", "--device", "cpu");
        r.assertBadInput(expectedLine);
        assertEquals(before, files(), "nothing written");
    }

    @Test
    void aTruncatedTiff() throws IOException {
        Path whole = dir.resolve("whole.tif");
        ImageFiles.writeTiff(whole, new ImagePlus("w", new FloatProcessor(64, 64)));
        byte[] b = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.tif");
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        refused(cut, "image file " + cut + " is truncated: its pixels need " + b.length + " bytes but the file has "
                + b.length / 2 + "; copy or save it again");
    }

    @Test
    void pagesOfDifferentSizes() throws IOException {
        Path p = dir.resolve("mixed.tif");
        Files.write(p, new TiffBytes().bytePage(8, 8, 1).bytePage(4, 4, 2).bytes());
        refused(p, "image file " + p + " page 2 is 4x4 8-bit but page 1 is 8x8 8-bit;");
    }

    @Test
    void anAllNaNImage() throws IOException {
        float[] nan = new float[16];
        Arrays.fill(nan, Float.NaN);
        Path p = dir.resolve("nan.tif");
        Files.write(p, new TiffBytes().floatPage(4, 4, nan).bytes());
        refused(p, "image file " + p + " has no finite pixel (all NaN or infinite)");
    }

    @Test
    void aFloat64Tiff() throws IOException {
        Path p = dir.resolve("f64.tif");
        Files.write(p, new TiffBytes().page(4, 4, 64, 1, TiffBytes.FLOAT).bytes());
        refused(p, "image file " + p + " is a TIFF of a kind ImageJ does not read (unsupported: ");
    }
}
