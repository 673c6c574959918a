package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.testing.TiffBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image files ImageJ would read wrongly or silently: each is refused with one line that names
 * the file (and page), and nothing else goes wrong. Fixtures are made here, byte by byte.
 */
class ImageFileRefusalsTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** The refusal's message, checked to be one line naming the file. */
    private static String refusal(Path file) {
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.open(file));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        return m;
    }

    private Path imagejTiff(String name, ImagePlus imp) throws IOException {
        Path p = dir.resolve(name);
        ImageFiles.writeTiff(p, imp);
        return p;
    }

    @Test
    void aTruncatedTiffIsRefusedWithTheSizesItNeedsAndHas() throws IOException {
        Path whole = imagejTiff("whole.tif", new ImagePlus("x", new FloatProcessor(64, 64)));
        byte[] b = Files.readAllBytes(whole);
        Path cut = file("cut.tif", Arrays.copyOf(b, b.length / 2));
        String m = refusal(cut);
        assertTrue(m.startsWith("image file " + cut + " is truncated: its pixels need " + b.length + " bytes but the "
                + "file has " + b.length / 2), m);
        // The whole file still opens.
        assertEquals(64, ImageFiles.open(whole).getWidth());
    }

    @Test
    void aTruncatedImageJStackIsRefused() throws IOException {
        ImageStack st = new ImageStack(16, 16);
        for (int i = 0; i < 5; i++) st.addSlice(new ShortProcessor(16, 16));
        byte[] b = Files.readAllBytes(imagejTiff("s.tif", new ImagePlus("s", st)));
        Path cut = file("s-cut.tif", Arrays.copyOf(b, b.length / 2));
        // ImageJ writes one directory per slice, after the pixels: the cut is found there first.
        assertTrue(refusal(cut).matches(".* is truncated: image directory 2 needs \\d+ bytes but the file has "
                + b.length / 2 + "; copy or save it again"), refusal(cut));
    }

    @Test
    void aTruncatedPageOfAMultiPageTiffIsNamed() throws IOException {
        byte[] b = new TiffBytes().bytePage(8, 8, 1).bytePage(8, 8, 2).bytes();
        Path cut = file("p.tif", Arrays.copyOf(b, b.length - 10));
        String m = refusal(cut);
        assertTrue(m.endsWith("is truncated: page 2 of 2 needs " + b.length + " bytes but the file has "
                + (b.length - 10) + "; copy or save it again"), m);
    }

    @Test
    void pagesOfDifferentSizesAreRefusedNamingThePage() throws IOException {
        Path p = file("mixed.tif", new TiffBytes().bytePage(8, 8, 1).bytePage(8, 8, 2).bytePage(4, 6, 3).bytes());
        assertEquals("image file " + p + " page 3 is 4x6 8-bit but page 1 is 8x8 8-bit; a stack needs pages of one "
                + "size and type: split the file into one file per size", refusal(p));
    }

    @Test
    void pagesOfDifferentTypesAreRefusedNamingThePage() throws IOException {
        Path p = file("types.tif", new TiffBytes().bytePage(8, 8, 1).page(8, 8, 16, 1, TiffBytes.UINT).bytes());
        assertTrue(refusal(p).contains(" page 2 is 8x8 16-bit but page 1 is 8x8 8-bit;"));
    }

    @Test
    void pagesOfOneSizeMakeAStack() throws IOException {
        Path p = file("same.tif", new TiffBytes().bytePage(8, 8, 1).bytePage(8, 8, 2).bytes());
        ImagePlus imp = ImageFiles.open(p);
        assertEquals(2, imp.getStackSize());
        assertEquals(2, imp.getStack().getProcessor(2).get(0));
    }

    @Test
    void float64IsUnsupportedNotCorrupt() throws IOException {
        Path p = file("f64.tif", new TiffBytes().page(8, 8, 64, 1, TiffBytes.FLOAT).bytes());
        assertEquals("image file " + p + " is a TIFF of a kind ImageJ does not read (unsupported: Unsupported "
                + "BitsPerSample: 64); save it as 8/16/32-bit grey or 8-bit RGB", refusal(p));
    }

    @Test
    void threeChannelFloatIsUnsupportedNotCorrupt() throws IOException {
        Path p = file("rgbf.tif", new TiffBytes().page(8, 8, 32, 3, TiffBytes.FLOAT).bytes());
        String m = refusal(p);
        assertTrue(m.contains("is a TIFF of a kind ImageJ does not read (unsupported: ImageJ cannot open "
                + "interleaved 32-bit images.)"), m);
        assertFalse(m.contains("corrupt"), m);
    }

    @Test
    void twoInterleavedGreySamplesAreUnsupported() throws IOException {
        Path p = file("two.tif", new TiffBytes().page(8, 8, 8, 2, TiffBytes.UINT).bytes());
        assertTrue(refusal(p).contains("(unsupported: 2 interleaved samples per pixel of 8-bit)"));
    }

    @Test
    void aFileWithATiffHeaderButNoDirectoryIsCorrupt() throws IOException {
        Path p = file("head.tif", new byte[] {'I', 'I', 42, 0, (byte) 200, 0, 0, 0});
        assertEquals("image file " + p + " is truncated: image directory 1 needs 202 bytes but the file has 8; copy or "
                + "save it again", refusal(p));
        Path header = file("inside.tif", new byte[] {'I', 'I', 42, 0, 4, 0, 0, 0});
        assertTrue(refusal(header).contains("is a corrupt or truncated TIFF (image directory 1 lies inside the header)"));
    }

    @Test
    void anAllNaNImageIsRefused() throws IOException {
        float[] nan = new float[16];
        Arrays.fill(nan, Float.NaN);
        Path p = file("nan.tif", new TiffBytes().floatPage(4, 4, nan).bytes());
        assertEquals("image file " + p + " has no finite pixel (all NaN or infinite): there is nothing to work "
                + "from; fix or remove the image", refusal(p));
    }

    @Test
    void anAllInfinitePlaneOfAStackIsRefusedNamingThePlane() throws IOException {
        float[] inf = new float[16];
        Arrays.fill(inf, Float.POSITIVE_INFINITY);
        inf[3] = Float.NEGATIVE_INFINITY;
        float[] ok = new float[16];
        Path p = file("inf.tif", new TiffBytes().floatPage(4, 4, ok).floatPage(4, 4, inf).bytes());
        assertTrue(refusal(p).endsWith(" plane 2 of 2 has no finite pixel (all NaN or infinite): there is nothing "
                + "to work from; fix or remove that plane"));
    }

    @Test
    void aPartlyNonFiniteImageOpensAndItsReplacementsAreCountedAndValued() throws IOException {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) v[i] = i;
        v[2] = Float.NaN;
        v[7] = Float.POSITIVE_INFINITY;
        v[9] = Float.NEGATIVE_INFINITY;
        ImagePlus imp = ImageFiles.open(file("part.tif", new TiffBytes().floatPage(4, 4, v).bytes()));
        NonFinitePixels bad = NonFinitePixels.of(imp);
        assertEquals(3, bad.count());
        assertEquals(16, bad.total());
        assertEquals(0, bad.emptyPlane());
        bad.refuseEmptyPlane("image 'part'");  // no refusal
        IntensityMap map = new IntensityMap(0, 10, "test");
        // The map sends NaN to model value 0, i.e. image value 5 (the middle of 0..10).
        assertEquals(Optional.of("3 of 16 pixels are NaN or infinite; the network sees them as 5.00000 (image units)"),
                bad.replacementNote(map));
    }

    @Test
    void anImageOpenInFijiWithAnEmptyPlaneIsRefusedByTitle() {
        float[] nan = new float[4];
        Arrays.fill(nan, Float.NaN);
        ImagePlus imp = new ImagePlus("blobs", new FloatProcessor(2, 2, nan));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NonFinitePixels.of(imp).refuseEmptyPlane("image 'blobs'"));
        assertEquals("image 'blobs' has no finite pixel (all NaN or infinite): there is nothing to work from; fix "
                + "or remove the image", e.getMessage());
    }

    @Test
    void integerImagesHaveNoNonFinitePixels() {
        NonFinitePixels n = NonFinitePixels.of(new ImagePlus("b", new ByteProcessor(3, 2)));
        assertEquals(0, n.count());
        assertEquals(6, n.total());
        assertEquals(Optional.empty(), n.replacementNote(new IntensityMap(0, 255, "t")));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void tiffBytesAreNeverWrittenToAPngName() throws IOException {
        ImagePlus imp = new ImagePlus("r", new FloatProcessor(4, 4));
        Path png = dir.resolve("x.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.writeTiff(png, imp));
        assertEquals("output " + png + " is not named .tif or .tiff but would hold a TIFF; name it .tif", e.getMessage());
        assertEquals(List.of(), files(), "nothing written");
    }

    @Test
    void theExtensionDecidesTheFormatOrRefusesBeforeTheRun() throws IOException {
        ImagePlus f32 = new ImagePlus("f", new FloatProcessor(4, 4));
        assertEquals("output " + dir.resolve("a.png") + ": PNG cannot hold 32-bit values; name the output .tif",
                assertThrows(IllegalArgumentException.class,
                        () -> ImageFiles.checkOutput(dir.resolve("a.png"), f32)).getMessage());
        ImageStack st = new ImageStack(4, 4);
        st.addSlice(new ByteProcessor(4, 4));
        st.addSlice(new ByteProcessor(4, 4));
        assertEquals("output " + dir.resolve("b.png") + ": PNG holds one image but the result has 2 planes; name the "
                + "output .tif", assertThrows(IllegalArgumentException.class,
                        () -> ImageFiles.checkOutput(dir.resolve("b.png"), new ImagePlus("s", st))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.checkOutput(dir.resolve("c.jpg"), f32));
        assertEquals(ImageFiles.Format.TIFF, ImageFiles.checkOutput(dir.resolve("d.TIF"), f32));
        assertEquals(List.of(), files(), "nothing written");
    }

    @Test
    void aPngResultHoldsTheRawValuesOf8And16BitImages() throws IOException {
        byte[] px8 = {0, 1, (byte) 200, (byte) 255};
        Path p8 = dir.resolve("e.png");
        ImageFiles.write(p8, new ImagePlus("e", new ByteProcessor(2, 2, px8)));
        assertArrayEquals(new float[] {0, 1, 200, 255}, ImageFiles.read(p8).data());
        short[] px16 = {0, 1000, (short) 40000, (short) 65535};
        Path p16 = dir.resolve("s.png");
        ImageFiles.write(p16, new ImagePlus("s", new ShortProcessor(2, 2, px16, null)));
        assertArrayEquals(new float[] {0, 1000, 40000, 65535}, ImageFiles.read(p16).data());
        Path tif = dir.resolve("t.tif");
        ImageFiles.write(tif, new ImagePlus("f", new FloatProcessor(2, 2, new float[] {0.5f, -1, 3, 4})));
        assertArrayEquals(new float[] {0.5f, -1, 3, 4}, ImageFiles.read(tif).data());
        assertTrue(Files.readAllBytes(tif)[0] == 'I' || Files.readAllBytes(tif)[0] == 'M', "TIFF bytes");
    }
}
