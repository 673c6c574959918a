package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.control.CancelToken;
import org.diffusionij.image.ImageFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folder mode ({@code --in DIR --out DIR}) through the launcher's Main: every image of mixed types
 * gets its result, done files are skipped, shards split a folder exactly, a bad file fails alone
 * (exit 3), the input folder is never the output, and a file gives the same pixels alone or in a
 * folder. The golden tiny model with 4 steps keeps this fast; quality is the benchmark's business.
 */
class FolderModeTest {

    @TempDir
    Path dir;

    private Path in;
    private Path out;

    private static final String MODEL = Path.of("src/test/resources/golden/tiny.onnx").toString();

    @BeforeEach
    void folders() throws IOException {
        in = Files.createDirectory(dir.resolve("in"));
        out = dir.resolve("out");
    }

    private static MainTest.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--model", MODEL, "--device", "cpu", "--threads", "1", "--steps", "4"));
        return MainTest.run(all.toArray(new String[0]));
    }

    private static ImagePlus ramp8(int w, int h, int phase) {
        ByteProcessor bp = new ByteProcessor(w, h);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) bp.set(x, y, (x * 7 + y * 3 + phase) % 256);
        return new ImagePlus("ramp", bp);
    }

    /** Four images of three pixel types and two file formats, and a file that is no image. */
    private void mixedFolder() throws IOException {
        ImageFiles.writeTiff(in.resolve("a8.tif"), ramp8(16, 12, 0));
        ShortProcessor sp = new ShortProcessor(20, 16);
        for (int i = 0; i < 20 * 16; i++) sp.set(i, 1000 + (i * 37) % 3000);
        ImageFiles.writeTiff(in.resolve("b16.tiff"), new ImagePlus("b16", sp));
        FloatProcessor fp = new FloatProcessor(16, 16);
        for (int i = 0; i < 256; i++) fp.setf(i, (float) Math.sin(i * 0.1));
        ImageFiles.writeTiff(in.resolve("c32.tif"), new ImagePlus("c32", fp));
        BufferedImage png = new BufferedImage(18, 14, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 14; y++) for (int x = 0; x < 18; x++) png.getRaster().setSample(x, y, 0, (x * 11 + y * 5) % 256);
        ImageIO.write(png, "png", in.resolve("d.png").toFile());
        Files.writeString(in.resolve("notes.txt"), "not an image");
    }

    private void rampFolder(int n) throws IOException {
        for (int i = 0; i < n; i++) ImageFiles.writeTiff(in.resolve(String.format("img%02d.tif", i)), ramp8(16, 16, i * 13));
    }

    private static Set<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return Set.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static byte[] pixels(Path file) throws IOException {
        ImagePlus imp = ImageFiles.open(file);
        return (byte[]) imp.getProcessor().convertToByte(false).getPixels();
    }

    @Test
    void everyImageOfMixedTypesGetsItsResultOfTheSameType() throws Exception {
        mixedFolder();
        MainTest.Run r = run("denoise", "--in", in.toString(), "--out", out.toString(), "--sigma", "20");
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals(Set.of("a8.tif", "b16.tiff", "c32.tif", "d.tif"), names(out));
        assertEquals(8, ImageFiles.open(out.resolve("a8.tif")).getBitDepth());
        assertEquals(16, ImageFiles.open(out.resolve("b16.tiff")).getBitDepth());
        assertEquals(32, ImageFiles.open(out.resolve("c32.tif")).getBitDepth());
        ImagePlus d = ImageFiles.open(out.resolve("d.tif"));
        assertEquals(18, d.getWidth());
        assertEquals(14, d.getHeight());
        assertTrue(r.err().contains("4 image file(s)") && r.err().contains("1 other file(s) ignored"), r.err());
        // Not a terminal: one progress line per file, with the count and the time left.
        List<String> lines = r.err().lines().filter(l -> l.startsWith("diffusion-ij denoise: [")).collect(Collectors.toList());
        assertEquals(4, lines.size(), r.err());
        assertTrue(lines.get(3).startsWith("diffusion-ij denoise: [4/4]") && lines.get(3).contains("ETA"), lines.get(3));
        assertTrue(r.out().contains("wrote 4 file(s)") && r.out().contains("0 failed"), r.out());
    }

    @Test
    void aFileGivesTheSameResultAloneAndInAFolder() throws Exception {
        rampFolder(3);
        MainTest.Run folder = run("img2img", "--in", in.toString(), "--out", out.toString(), "--seed", "7");
        assertEquals(Main.OK, folder.code(), folder.err());
        Path alone = dir.resolve("alone.tif");
        MainTest.Run single = run("img2img", "--in", in.resolve("img01.tif").toString(), "--out", alone.toString(),
                "--seed", "7");
        assertEquals(Main.OK, single.code(), single.err());
        assertArrayEquals(pixels(alone), pixels(out.resolve("img01.tif")));
        // and the seed matters, so the equality above is not trivial
        Path other = dir.resolve("other.tif");
        assertEquals(Main.OK, run("img2img", "--in", in.resolve("img01.tif").toString(), "--out", other.toString(),
                "--seed", "8").code());
        assertFalse(java.util.Arrays.equals(pixels(alone), pixels(other)));
    }

    @Test
    void aRunStartedAgainSkipsFilesWhoseResultExists() throws Exception {
        rampFolder(4);
        Files.createDirectory(out);
        // A killed run left two finished results (atomic writes: an existing result is whole) and a
        // temporary file of the one in progress.
        ImageFiles.writeTiff(out.resolve("img00.tif"), ramp8(16, 16, 200));
        ImageFiles.writeTiff(out.resolve("img02.tif"), ramp8(16, 16, 201));
        Files.writeString(out.resolve(".img01.tif.1234abcd.part"), "half");
        byte[] done = pixels(out.resolve("img00.tif"));
        MainTest.Run r = run("denoise", "--in", in.toString(), "--out", out.toString(), "--sigma", "20");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("wrote 2 file(s)") && r.out().contains("skipped 2"), r.out());
        assertTrue(r.err().contains("2 already done (skipped), 2 to do"), r.err());
        assertArrayEquals(done, pixels(out.resolve("img00.tif")), "a done file is not redone");
        assertEquals(Set.of("img00.tif", "img01.tif", "img02.tif", "img03.tif"), names(out), "temporary file removed");
        assertTrue(r.err().contains("removed 1 unfinished temporary file(s)"), r.err());
        // Everything done: a third run does nothing and loads no model.
        MainTest.Run again = run("denoise", "--in", in.toString(), "--out", out.toString(), "--sigma", "20");
        assertEquals(Main.OK, again.code(), again.err());
        assertTrue(again.out().contains("wrote 0 file(s)") && again.out().contains("skipped 4"), again.out());
    }

    @Test
    void shardsCoverEveryFileExactlyOnce() throws Exception {
        rampFolder(7);
        int n = 3;
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int i = 0; i < n; i++) {
            Path part = dir.resolve("part" + i);
            MainTest.Run r = run("super-resolve", "--in", in.toString(), "--out", part.toString(), "--shard",
                    i + "/" + n);
            assertEquals(Main.OK, r.code(), r.err());
            Set<String> mine = names(part);
            total += mine.size();
            seen.addAll(mine);
        }
        assertEquals(7, total, "no file in two shards");
        assertEquals(names(in), seen, "every file in some shard");
        assertEquals(Shard.parse("1/3").select(List.of(0, 1, 2, 3, 4, 5, 6)), List.of(1, 4));
    }

    @Test
    void aCancelledRunKeepsFinishedFilesAndARerunDoesTheRest() throws Exception {
        rampFolder(4);
        CancelToken cancel = new CancelToken();
        StringWriter errText = new StringWriter();
        // Ctrl-C right after the first file's progress line: the second file is in progress.
        PrintWriter err = new PrintWriter(errText, true) {
            @Override
            public void write(String s, int off, int len) {
                super.write(s, off, len);
                if (s.contains("[1/4]")) cancel.cancel();
            }
        };
        String[] args = {"denoise", "--in", in.toString(), "--out", out.toString(), "--sigma", "20", "--model", MODEL,
                "--device", "cpu", "--threads", "1", "--steps", "4"};
        int code = Main.execute(new PrintWriter(new StringWriter(), true), err, cancel, args);
        assertEquals(Main.CANCELLED, code, errText.toString());
        assertTrue(errText.toString().contains("cancelled after 1 written file(s)"), errText.toString());
        assertEquals(Set.of("img00.tif"), names(out), "finished files stay, nothing partial");
        MainTest.Run r = MainTest.run(args);
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("wrote 3 file(s)") && r.out().contains("skipped 1"), r.out());
    }

    @Test
    void aBadShardIsOneLine() throws Exception {
        rampFolder(2);
        run("denoise", "--in", in.toString(), "--out", out.toString(), "--shard", "3/3")
                .assertBadInput("--shard", "0 to N-1");
        run("denoise", "--in", in.toString(), "--out", out.toString(), "--shard", "two")
                .assertBadInput("--shard", "I/N");
        run("denoise", "--in", in.resolve("img00.tif").toString(), "--out", dir.resolve("x.tif").toString(),
                "--shard", "0/2").assertBadInput("--shard", "--in DIR");
        assertFalse(Files.exists(out));
    }

    @Test
    void aCorruptFileFailsAloneAndTheRestAreWritten() throws Exception {
        rampFolder(3);
        Files.write(in.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 1, 2, 3, 4, 5});
        MainTest.Run r = run("denoise", "--in", in.toString(), "--out", out.toString(), "--sigma", "20");
        assertEquals(Main.SOME_FAILED, r.code(), r.err());
        assertEquals(3, Main.SOME_FAILED, "the README documents exit code 3");
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("diffusion-ij denoise: FAILED broken.tif: ")), r.err());
        assertTrue(r.out().contains("1 failed") && r.out().contains("denoise: failed: broken.tif: "), r.out());
        assertEquals(Set.of("img00.tif", "img01.tif", "img02.tif"), names(out));
    }

    @Test
    void theInputFolderIsNeverTheOutput() throws Exception {
        rampFolder(2);
        Set<String> before = names(in);
        byte[] first = Files.readAllBytes(in.resolve("img00.tif"));
        run("denoise", "--in", in.toString(), "--out", in.resolve(".").toString()).assertBadInput("input folder");
        run("denoise", "--in", in.toString(), "--out", dir.resolve("result.tif").toString())
                .assertBadInput("must be a folder");
        assertFalse(Files.exists(dir.resolve("result.tif")));
        assertEquals(before, names(in));
        assertArrayEquals(first, Files.readAllBytes(in.resolve("img00.tif")));
    }

    @Test
    void inputsWhoseResultsWouldShareANameAreRefused() throws Exception {
        ImageFiles.writeTiff(in.resolve("x.tif"), ramp8(16, 16, 0));
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png", in.resolve("x.png").toFile());
        run("denoise", "--in", in.toString(), "--out", out.toString()).assertBadInput("x.png", "x.tif", "rename");
        assertFalse(Files.exists(out));
    }

    @Test
    void inpaintTakesEachImagesMaskByFileName() throws Exception {
        rampFolder(3);
        Path masks = Files.createDirectory(dir.resolve("masks"));
        ByteProcessor m = new ByteProcessor(16, 16);
        for (int y = 4; y < 10; y++) for (int x = 3; x < 12; x++) m.set(x, y, 255);
        ImageFiles.writeTiff(masks.resolve("img00.tif"), new ImagePlus("m", m));
        ImageFiles.writeTiff(masks.resolve("img02.tif"), new ImagePlus("m", m));
        MainTest.Run r = run("inpaint", "--in", in.toString(), "--mask", masks.toString(), "--out", out.toString());
        assertEquals(Main.SOME_FAILED, r.code(), r.err());
        assertTrue(r.out().contains("failed: img01.tif: no mask"), r.out());
        assertEquals(Set.of("img00.tif", "img02.tif"), names(out));
        ImagePlus input = ImageFiles.open(in.resolve("img02.tif"));
        ImagePlus result = ImageFiles.open(out.resolve("img02.tif"));
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                if (m.get(x, y) == 0) assertEquals(input.getProcessor().get(x, y), result.getProcessor().get(x, y));
            }
        }
    }
}
