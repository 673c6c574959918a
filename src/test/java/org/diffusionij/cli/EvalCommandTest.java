package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.metrics.FrechetDistance;
import org.diffusionij.metrics.Kid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run eval(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new EvalCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("error: " + e.getMessage());
            return 2;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, float[] data, int n, int size, int bits) throws Exception {
        Path p = dir.resolve(name);
        ImageFiles.write(p, new FloatStack(data, n, 1, size, size), bits, 0, bits == 8 ? 255 : 1);
        return p;
    }

    @Test
    void constantOffsetPairHasHandComputedPsnrAndSsim() throws Exception {
        float[] ref = new float[16 * 16], res = new float[16 * 16];
        Arrays.fill(ref, 100);
        Arrays.fill(res, 110);
        Run r = eval("--restored", write("res.tif", res, 1, 16, 8).toString(),
                "--reference", write("ref.tif", ref, 1, 16, 8).toString());
        assertEquals(0, r.code(), r.err());
        // 8-bit -> range 255. MSE = 100 -> PSNR = 10 log10(255² / 100) = 28.131 dB.
        // Flat images: SSIM = (2·110·100 + C1) / (110² + 100² + C1), C1 = (0.01·255)² = 6.5025
        // = 22006.5025 / 22106.5025 = 0.99548 (the contrast-structure term is C2/C2 = 1).
        assertTrue(r.out().contains("data range 255.000"), r.out());
        assertTrue(r.out().contains("mean    28.131  0.9955"), r.out());
    }

    @Test
    void maskRestrictsThePixelsAndPlanesAreListed() throws Exception {
        int s = 16;
        float[] ref = new float[2 * s * s], res = new float[2 * s * s], mask = new float[s * s];
        for (int i = 0; i < s * s; i++) {
            ref[i] = 0.5f;
            res[i] = i < s * s / 2 ? 0.5f : 0.6f; // plane 1: bottom half off by 0.1
            ref[s * s + i] = 0.25f;
            res[s * s + i] = 0.45f;               // plane 2: off by 0.2 everywhere
            mask[i] = i >= s * s / 2 ? 1 : 0;     // bottom half
        }
        Run r = eval("--restored", write("res.tif", res, 2, s, 32).toString(),
                "--reference", write("ref.tif", ref, 2, s, 32).toString(), "--range", "1",
                "--mask", write("mask.tif", mask, 1, s, 32).toString());
        assertEquals(0, r.code(), r.err());
        // In the mask: plane 1 MSE 0.01 -> 20 dB; plane 2 MSE 0.04 -> 13.979 dB; mean 16.990.
        // (float32 0.6f - 0.5f = 0.1 to 1.5e-8; the printed 3 decimals are unaffected)
        String[] lines = r.out().split("\n");
        assertTrue(lines[2].trim().startsWith("1   20.000"), r.out());
        assertTrue(lines[3].trim().startsWith("2   13.979"), r.out());
        assertTrue(lines[4].startsWith("mean    16.990"), r.out());
    }

    @Test
    void badPairsAreRefusedWithAMessage() throws Exception {
        Path a = write("a.tif", new float[16 * 16], 1, 16, 32);
        Path b = write("b.tif", new float[12 * 12], 1, 12, 32);
        Run r = eval("--restored", a.toString(), "--reference", a.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--range"), r.err());
        r = eval("--restored", a.toString(), "--reference", b.toString(), "--range", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("must match"), r.err());
        r = eval("--restored", a.toString());
        assertTrue(r.code() != 0, "missing --reference must fail");
    }

    @Test
    void setsGiveTheFrechetDistanceAndKidOfTheirFeatures() throws Exception {
        // block_classifier.onnx: the features are the 16 8x8 block means of the image in [-1, 1].
        int n = 12;
        float[] gen = new float[n * 32 * 32], real = new float[n * 32 * 32];
        double[][] fg = new double[n][16], fr = new double[n][16];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < 16; b++) {
                int vg = (i * 7 + b * 3) % 11 * 20, vr = (i * 5 + b * 2) % 13 * 15 + 10; // 8-bit block values
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int p = i * 1024 + ((b / 4) * 8 + y) * 32 + (b % 4) * 8 + x;
                        gen[p] = vg;
                        real[p] = vr;
                    }
                }
                fg[i][b] = vg / 127.5 - 1;
                fr[i][b] = vr / 127.5 - 1;
            }
        }
        Path gdir = Files.createDirectory(dir.resolve("generated"));
        for (int i = 0; i < n; i++) {
            write("generated/g" + (char) ('a' + i) + ".png", Arrays.copyOfRange(gen, i * 1024, (i + 1) * 1024), 1, 32, 8);
        }
        Path rstack = write("real.tif", real, n, 32, 8);
        Run r = eval("--generated", gdir.toString(), "--real", rstack.toString(), "--classifier",
                "src/test/resources/bench/block_classifier.onnx", "--kid-subsets", "10", "--seed", "3", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("generated  12 images"), r.out());
        assertTrue(r.out().contains("features   16 dimensions"), r.out());
        double fd = FrechetDistance.compute(fg, fr);
        Kid.Result kid = Kid.compute(fg, fr, 10, 1000, 3);
        // Printed with 4 (FD) and 6 (KID) decimals; the network's float32 block means differ from
        // the double values above by ~1e-7, far below the printed precision for these magnitudes.
        assertTrue(r.out().contains(String.format(Locale.ROOT, "FD         %.4f", fd)), r.out() + " expected FD " + fd);
        assertTrue(r.out().contains(String.format(Locale.ROOT, "KID        %.6f", kid.mean())), r.out() + " expected KID " + kid);
        assertTrue(r.out().contains("note"), "12 images in 16 dimensions: the small-count note must be printed");
    }

    @Test
    void theLauncherHasTheEvalSubcommand() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), new org.diffusionij.control.CancelToken(),
                "eval", "--restored", dir.resolve("missing.tif").toString(), "--reference", "x.tif", "--range", "1");
        assertEquals(Main.BAD_INPUT, code, out + " / " + err);
        assertTrue(err.toString().contains("missing.tif"), err.toString());
    }
}
