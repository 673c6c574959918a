package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.SuperResolveOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's image subcommands run the Fiji commands on files: results keep the input's type,
 * each task's invariant holds, and bad input gives one line and no file. The golden tiny model
 * (16x16 training size) keeps these fast; quality is the benchmark's business.
 */
class ImageSubcommandsTest {

    @TempDir
    Path dir;

    private static final String MODEL = Path.of("src/test/resources/golden/tiny.onnx").toString();

    private Path write(String name, ImagePlus imp) throws Exception {
        Path p = dir.resolve(name);
        ImageFiles.writeTiff(p, imp);
        return p;
    }

    private static ImagePlus ramp8(int w, int h) {
        ByteProcessor bp = new ByteProcessor(w, h);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) bp.set(x, y, (x * 7 + y * 3) % 256);
        return new ImagePlus("ramp", bp);
    }

    private MainTest.Run run(String... args) {
        return MainTest.runOnCpu(MODEL, args);
    }

    @Test
    void denoiseKeepsA16BitImage16Bit() throws Exception {
        ShortProcessor sp = new ShortProcessor(24, 20);
        for (int i = 0; i < 24 * 20; i++) sp.set(i, 1000 + (i * 37) % 3000);
        Path in = write("in16.tif", new ImagePlus("in16", sp));
        Path out = dir.resolve("den.tif");
        MainTest.Run r = run("denoise", "--in", in.toString(), "--out", out.toString(), "--sigma", "200", "--steps", "4");
        assertEquals(Main.OK, r.code(), r.err());
        ImagePlus result = ImageFiles.open(out);
        assertEquals(16, result.getBitDepth());
        assertEquals(24, result.getWidth());
        assertEquals(20, result.getHeight());
    }

    @Test
    void superResolveAveragePoolsBackToTheInput() throws Exception {
        Path in = write("small.tif", ramp8(16, 12));
        Path out = dir.resolve("sr.tif");
        MainTest.Run r = run("super-resolve", "--in", in.toString(), "--out", out.toString(), "--scale", "2",
                "--steps", "4");
        assertEquals(Main.OK, r.code(), r.err());
        ImagePlus sr = ImageFiles.open(out);
        assertEquals(32, sr.getWidth());
        assertEquals(24, sr.getHeight());
        ByteProcessor lo = (ByteProcessor) ramp8(16, 12).getProcessor();
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                double mean = 0;
                for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) mean += sr.getProcessor().get(2 * x + dx, 2 * y + dy);
                // 8-bit output: each block mean is within rounding (0.5 grey level) of the input pixel.
                assertTrue(Math.abs(mean / 4 - lo.get(x, y)) <= 0.5, "block " + x + "," + y);
            }
        }
    }

    @Test
    void inpaintReturnsKnownPixelsUnchanged() throws Exception {
        ImagePlus image = ramp8(20, 20);
        ByteProcessor m = new ByteProcessor(20, 20);
        for (int y = 6; y < 12; y++) for (int x = 5; x < 14; x++) m.set(x, y, 255);
        Path in = write("img.tif", image);
        Path mask = write("mask.tif", new ImagePlus("mask", m));
        Path out = dir.resolve("inp.tif");
        MainTest.Run r = run("inpaint", "--in", in.toString(), "--mask", mask.toString(), "--out", out.toString(),
                "--steps", "4");
        assertEquals(Main.OK, r.code(), r.err());
        ImagePlus result = ImageFiles.open(out);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                if (m.get(x, y) == 0) assertEquals(image.getProcessor().get(x, y), result.getProcessor().get(x, y));
            }
        }
    }

    /** Super-resolve has its own --steps default, which --steps overrides; the help names both defaults. */
    @Test
    void superResolveHasItsOwnStepsDefault() throws Exception {
        Path in = write("small.tif", ramp8(16, 12));
        MainTest.Run r = run("super-resolve", "--in", in.toString(), "--out", dir.resolve("sr.tif").toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("dpm++2m " + SuperResolveOperation.DEFAULT_STEPS + " steps from the bicubic guess"),
                r.err());
        String steps = "(default: " + DiffusionOptions.STEPS + "; super-resolve: " + SuperResolveOperation.DEFAULT_STEPS;
        assertTrue(run("super-resolve", "--help").out().replaceAll("\\s+", " ").contains(steps), steps);
        MainTest.Run given = run("super-resolve", "--in", in.toString(), "--out", dir.resolve("sr3.tif").toString(),
                "--steps", "3");
        assertTrue(given.err().contains("dpm++2m 3 steps from the bicubic guess"), given.err());
    }

    @Test
    void badScaleIsOneLineAndWritesNothing() throws Exception {
        Path in = write("small.tif", ramp8(16, 12));
        Path out = dir.resolve("sr.tif");
        MainTest.Run r = run("super-resolve", "--in", in.toString(), "--out", out.toString(), "--scale", "3");
        r.assertBadInput("scale", "2", "4");
        assertFalse(Files.exists(out));
    }

    @Test
    void missingInputIsNamed() {
        Path out = dir.resolve("x.tif");
        MainTest.Run r = run("img2img", "--in", dir.resolve("nope.tif").toString(), "--out", out.toString());
        r.assertBadInput("nope.tif", "not found");
        assertFalse(Files.exists(out));
    }
}
