package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's bad inputs at the launcher, once the checks run inside the pipeline: each gives exit
 * 2, one line (no ONNX Runtime log line, no second "[ERROR]" copy) and no file in the folder.
 */
class ReliabilityCliTest {

    @TempDir
    Path dir;

    private static final String TINY = Path.of("src/test/resources/golden/tiny.onnx").toString();

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs the launcher on the CPU with one thread; asserts exit 2, one line holding {@code parts}, nothing new. */
    private void refused(List<String> args, String... parts) throws IOException {
        List<String> before = files();
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--device", "cpu", "--threads", "1"));
        MainTest.Run r = MainTest.run(all.toArray(String[]::new));
        r.assertBadInput(parts);
        assertFalse(r.err().contains("\u001b"), "no ANSI-coloured log line: " + r.err());
        assertFalse(r.err().contains("[ERROR]"), "printed once: " + r.err());
        assertEquals(before, files(), "nothing written");
    }

    private Path image(String name, ImagePlus imp) throws IOException {
        Path p = dir.resolve(name);
        ImageFiles.writeTiff(p, imp);
        return p;
    }

    private Path noisy() throws IOException {
        ByteProcessor bp = new ByteProcessor(16, 16);
        for (int i = 0; i < 256; i++) bp.set(i, (i * 37) % 200 + 20);
        return image("in.tif", new ImagePlus("in", bp));
    }

    private Path filled(String name, float value) throws IOException {
        float[] px = new float[16 * 16];
        Arrays.fill(px, value);
        return image(name, new ImagePlus(name, new FloatProcessor(16, 16, px)));
    }

    private List<String> denoise(Path in, String sigma) {
        return List.of("denoise", "--model", TINY, "--in", in.toString(), "--out", dir.resolve("o.tif").toString(),
                "--sigma", sigma, "--steps", "2");
    }

    @Test
    void aSigmaBelowTheModelsSmallestLevelIsNamed() throws IOException {
        refused(denoise(noisy(), "1e-30"), "sigma 1e-30 is below the smallest noise level this model removes");
    }

    @Test
    void aSigmaAboveTheModelsLargestLevelIsNamed() throws IOException {
        refused(denoise(noisy(), "1e30"), "sigma 1e+30 is above the largest noise level this model removes");
    }

    @Test
    void notANumberIsNotCalledNegative() throws IOException {
        refused(denoise(noisy(), "NaN"), "sigma 'NaN' is not a number");
        refused(denoise(noisy(), "Infinity"), "sigma 'Infinity' is not a number");
    }

    @Test
    void aPngThatCannotHoldTheResultIsRefusedBeforeTheRun() throws IOException {
        Path in = filled("f.tif", 3f);
        Path png = dir.resolve("o.png");
        refused(List.of("denoise", "--model", TINY, "--in", in.toString(), "--out", png.toString(), "--sigma", "1"),
                "output " + png + ": PNG cannot hold 32-bit values; name the output .tif");
    }

    @Test
    void allNaNOrInfiniteImagesAreRefusedBySuperResolveAndImageToImage() throws IOException {
        for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path in = filled("bad" + (int) Math.signum(Float.isNaN(v) ? 0 : v) + ".tif", v);
            for (String task : List.of("super-resolve", "img2img")) {
                refused(List.of(task, "--model", TINY, "--in", in.toString(), "--out",
                        dir.resolve("o.tif").toString(), "--steps", "2"),
                        "image file " + in + " has no finite pixel (all NaN or infinite)");
            }
        }
    }

    @Test
    void aRunTimeOutputShapeMismatchIsOneLineWithoutOnnxRuntimesLog() throws IOException {
        refused(List.of("denoise", "--model", TestFiles.onnx("taller.onnx").toString(), "--in", noisy().toString(),
                "--out", dir.resolve("o.tif").toString(), "--sigma", "10", "--steps", "2"),
                "the network returned eps of shape {1,1,32,16} for x of shape {1,1,16,16}; the contract");
    }

    @Test
    void aCountTooLargeForATiffIsRefusedUpFrontNamingTheLimit() throws IOException {
        refused(List.of("generate", "--model", TINY, "--count", "2000000000", "--steps", "1", "--out",
                dir.resolve("g.tif").toString()), "but a TIFF holds at most 4 GiB (32-bit offsets); use --count ");
    }

    @Test
    void aCountTooLargeForAPngGridIsRefusedUpFrontNamingTheLimit() throws IOException {
        refused(List.of("generate", "--model", TINY, "--count", "300000", "--steps", "1", "--out",
                dir.resolve("g.png").toString()), "but a PNG grid is at most 8192x8192; use --count 207025 or fewer");
    }

    @Test
    void outOfMemoryHeadlessIsOneLineNamingTheJvmLimit() throws Exception {
        // A separate JVM with a small heap: one image of 2048x2048 does not fit in 24 MiB.
        Path out = dir.resolve("big.tif");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "generate", "--model", TINY,
                "--count", "2", "--size", "2048x2048", "--steps", "1", "--device", "cpu", "--threads", "1", "--out",
                out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(Main.BAD_INPUT, p.waitFor(), output);
        assertEquals("diffusion-ij generate: Not enough memory for generate (Java may use 24 MiB): start Java with "
                + "more memory (-Xmx; for the launcher JAVA_OPTS=-Xmx2g), or run it on fewer planes or a smaller "
                + "image.", output);
        assertEquals(List.of(), files(), "nothing written");
    }
}
