package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

import org.diffusionij.control.CancelToken;
import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher end to end, in-process, on the committed test models. */
class MainTest {

    @TempDir
    Path dir;

    /** One run's exit code and what it printed. */
    record Run(int code, String out, String err) {
        void assertBadInput(String... parts) {
            assertEquals(Main.BAD_INPUT, code, "stderr: " + err);
            for (String p : parts) assertTrue(err.contains(p), "'" + p + "' missing from: " + err);
            assertEquals(1, err.strip().lines().count(), "one line, no stack trace: " + err);
        }
    }

    static Run run(CancelToken cancel, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), cancel, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@link #run(String...)} with {@code --model model --device cpu} appended. */
    static Run runOnCpu(String model, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--model";
        all[args.length + 1] = model;
        all[args.length + 2] = "--device";
        all[args.length + 3] = "cpu";
        return run(all);
    }

    static Run run(String... args) {
        return run(CancelToken.none(), args);
    }

    static String model(String name) {
        return TestFiles.onnx(name).toString();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private Run generate(String model, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", model(model), "--device", "cpu",
                "--threads", "1", "--out", dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return run(args.toArray(new String[0]));
    }

    // --- info ---

    @Test
    void infoPrintsMetadataShapesAndDevice() {
        Run r = run("info", "--model", model("toy.onnx"), "--device", "cpu", "--threads", "1");
        assertEquals(Main.OK, r.code(), r.err());
        for (String part : List.of("name      toy", "device    CPU (1 threads)", "input  x  float32 [N, 1, H, W]",
                "input  t  float32 [N]", "output eps  float32 [N, 1, H, W]", "multiples of 2; trained at 16x16",
                "1000 timesteps", "fixed, 0 maps to -1 and 255 to +1", "  model.name = toy",
                "  alphas_cumprod = 0.999958715775178, ", "(1000 values)", "ONNX Runtime 1.")) {
            assertTrue(r.out().contains(part), "'" + part + "' missing from:\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    void infoWithAutoSaysWhyCudaIsNotUsed() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        Run r = run("info", "--model", model("toy.onnx"));
        assertEquals(Main.OK, r.code());
        assertTrue(r.out().contains("device    CPU") && r.out().contains("auto: CUDA not used")
                && r.out().contains("onnxruntime_gpu"), r.out());
    }

    @Test
    void infoWithCudaThatCannotLoadFails() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        run("info", "--model", model("toy.onnx"), "--device", "cuda")
                .assertBadInput("device cuda cannot be used", "mvn -Pgpu", "CUDA 12", "cuDNN 9");
    }

    @Test
    void infoOnBadModelsNamesTheProblem() throws IOException {
        run("info", "--model", dir.resolve("none.onnx").toString()).assertBadInput("none.onnx", "not found");
        byte[] good = Files.readAllBytes(TestFiles.onnx("toy.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(good, good.length / 3));
        run("info", "--model", cut.toString(), "--device", "cpu").assertBadInput("not an ONNX model (corrupt or truncated?)");
        run("info", "--model", model("wrong_names.onnx"), "--device", "cpu").assertBadInput("[sample, timestep]");
        run("info", "--model", model("rank3.onnx"), "--device", "cpu").assertBadInput("rank 3");
        run("info", "--model", model("channels3.onnx"), "--device", "cpu").assertBadInput("3 channels",
                "'in_channels' is 1");
        run("info", "--model", model("missing_field.onnx"), "--device", "cpu").assertBadInput("'in_channels'",
                "--override in_channels=VALUE");
        Run fixed = run("info", "--model", model("missing_field.onnx"), "--device", "cpu", "--override",
                "in_channels=1");
        assertEquals(Main.OK, fixed.code(), fixed.err());
        assertTrue(fixed.out().contains("  in_channels = 1"));
    }

    @Test
    void modelsByNameAndTheList() throws IOException {
        Run list = run("info", "--list");
        assertEquals(Main.OK, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("fashion-mnist-32 ") && l.endsWith("(default of generate and info)")),
                list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("general ")
                && l.endsWith("(default of the image subcommands)")), list.out());
        assertFalse(list.out().contains("classifier"), list.out()); // not a diffusion model
        Run byName = run("info", "--model", "fashion-mnist-32", "--device", "cpu", "--threads", "1");
        assertEquals(Main.OK, byName.code(), byName.err());
        assertTrue(byName.out().contains("name      fashion-mnist-32"), byName.out());
        run("info", "--model", "genral").assertBadInput("unknown model 'genral'", "fashion-mnist-32 (");

        // a bioimage.io zip in the launcher's models folder (-Ddiffusionij.home), by name
        Files.createDirectories(dir.resolve("home/models"));
        org.diffusionij.testing.BioimageZips.of(TestFiles.onnx("toy.onnx"), dir.resolve("home/models/toypkg.bioimage.zip"));
        String old = System.getProperty(org.diffusionij.pipeline.DefaultModel.HOME_PROPERTY);
        System.setProperty(org.diffusionij.pipeline.DefaultModel.HOME_PROPERTY, dir.resolve("home").toString());
        try {
            Run zip = run("info", "--model", "toypkg", "--device", "cpu", "--threads", "1");
            assertEquals(Main.OK, zip.code(), zip.err());
            assertTrue(zip.out().contains("toypkg-"), zip.out()); // the weights, extracted to the cache
            assertTrue(run("info", "--list").out().contains("toypkg"));
        } finally {
            if (old == null) System.clearProperty(org.diffusionij.pipeline.DefaultModel.HOME_PROPERTY);
            else System.setProperty(org.diffusionij.pipeline.DefaultModel.HOME_PROPERTY, old);
        }
    }

    @Test
    void withoutModelTheShippedDefaultIsUsedOrNamed() {
        Path shipped = Path.of("models", org.diffusionij.pipeline.DefaultModel.FILE_NAME);
        Assumptions.assumeFalse(Files.exists(shipped), "the default model is present");
        run("info").assertBadInput("default model models/" + org.diffusionij.pipeline.DefaultModel.FILE_NAME, "--model FILE");
    }

    // --- generate: output ---

    @Test
    void generatesTheGaussianTheOracleDescribes() throws IOException {
        // oracle.onnx is the exact eps-network for x0 ~ N(0.2, 0.5^2) per pixel; in 32-bit data units
        // (0..255 over [-1, 1]) the images must have mean (0.2+1)/2*255 = 153 and std 0.5*127.5 = 63.75.
        Run r = generate("oracle.onnx", "o.tif", "--count", "8", "--size", "32x32", "--steps", "20", "--seed", "5",
                "--bits", "32", "--no-clip");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("wrote 8 images of 32x32"), r.out());
        FloatStack back = ImageFiles.read(dir.resolve("o.tif"));
        assertEquals(List.of(8, 1, 32, 32), List.of(back.n(), back.c(), back.h(), back.w()));
        double mean = 0, sq = 0;
        for (float v : back.data()) mean += v;
        mean /= back.data().length;
        for (float v : back.data()) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / back.data().length);
        // 8192 independent pixels: standard errors 0.7 (mean) and 0.5 (std); allow about 4 of them.
        assertEquals(153.0, mean, 3.0);
        assertEquals(63.75, std, 2.5);
        assertEquals(List.of("o.tif"), files());
    }

    @Test
    void sameSeedSameImagesWhateverTheBatch() throws IOException {
        String[] common = {"--count", "5", "--size", "8x12", "--steps", "6", "--sampler", "ddpm", "--seed", "42"};
        assertEquals(Main.OK, generate("toy.onnx", "a.tif", concat(common, "--batch", "16")).code());
        assertEquals(Main.OK, generate("toy.onnx", "b.tif", concat(common, "--batch", "16")).code());
        assertEquals(Main.OK, generate("toy.onnx", "c.tif", concat(common, "--batch", "2")).code());
        Run other = generate("toy.onnx", "d.tif", "--count", "5", "--size", "8x12", "--steps", "6", "--sampler",
                "ddpm", "--seed", "43");
        assertEquals(Main.OK, other.code());
        float[] a = ImageFiles.read(dir.resolve("a.tif")).data();
        assertArrayEquals(a, ImageFiles.read(dir.resolve("b.tif")).data(), "same seed, same images");
        assertArrayEquals(a, ImageFiles.read(dir.resolve("c.tif")).data(), "batch size changes nothing");
        assertFalse(Arrays.equals(a, ImageFiles.read(dir.resolve("d.tif")).data()), "another seed, other images");
    }

    @Test
    void pngGridHoldsTheSameImagesAsTheTiff() throws IOException {
        String[] common = {"--count", "5", "--size", "8x8", "--steps", "4", "--sampler", "ddim", "--eta", "0.5",
                "--seed", "9"};
        assertEquals(Main.OK, generate("oracle.onnx", "s.tif", common).code());
        Run r = generate("oracle.onnx", "g.png", common);
        assertEquals(Main.OK, r.code(), r.err());
        FloatStack tif = ImageFiles.read(dir.resolve("s.tif"));
        FloatStack png = ImageFiles.read(dir.resolve("g.png"));
        int gap = ImageFiles.GRID_GAP;
        assertEquals(List.of(2 * 8 + gap, 3 * 8 + 2 * gap), List.of(png.h(), png.w()));
        for (int i = 0; i < 5; i++) {
            int x0 = (i % 3) * (8 + gap), y0 = (i / 3) * (8 + gap);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(tif.data()[i * 64 + y * 8 + x], png.data()[(y0 + y) * png.w() + x0 + x]);
                }
            }
        }
    }

    @Test
    void progressLineCountsSteps() {
        Run r = generate("toy.onnx", "p.tif", "--count", "3", "--batch", "2", "--size", "8x8", "--steps", "5",
                "--seed", "1", "--progress");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("step 5/5 of batch 2/2"), r.err());
        assertTrue(r.err().contains("images/s") && r.err().contains("ETA 0:00"), r.err());
    }

    @Test
    void quietPrintsNothing() {
        Run r = generate("toy.onnx", "q.tif", "--count", "1", "--size", "8x8", "--steps", "2", "--quiet");
        assertEquals(Main.OK, r.code());
        assertEquals("", r.out() + r.err());
    }

    @Test
    void autoFallsBackWithOneLineOnStderr() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        Run r = run("generate", "--model", model("toy.onnx"), "--count", "1", "--size", "8x8", "--steps", "2",
                "--out", dir.resolve("f.tif").toString());
        assertEquals(Main.OK, r.code());
        assertEquals(1, r.err().lines().filter(l -> l.contains("CUDA not used")).count(), r.err());
        assertTrue(r.out().contains("CPU ("), r.out());
    }

    // --- generate: bad input ---

    @Test
    void badNumbersAreRefusedBeforeAnyWork() throws IOException {
        generate("toy.onnx", "x.tif", "--steps", "0").assertBadInput("--steps must be at least 1, got 0");
        generate("toy.onnx", "x.tif", "--count", "-3").assertBadInput("--count must be at least 1, got -3");
        generate("toy.onnx", "x.tif", "--batch", "0").assertBadInput("--batch must be at least 1");
        generate("toy.onnx", "x.tif", "--eta", "2").assertBadInput("--eta must lie in [0, 1]");
        generate("toy.onnx", "x.tif", "--bits", "16").assertBadInput("--bits must be 8 or 32");
        generate("toy.onnx", "x.png", "--bits", "32").assertBadInput("PNG holds 8-bit");
        generate("toy.onnx", "x.tif", "--steps", "1001").assertBadInput("exceeds the model's 1000 training timesteps");
        run("generate", "--model", model("toy.onnx"), "--threads", "0", "--out", dir.resolve("x.tif").toString())
                .assertBadInput("--threads must be at least 1");
        assertEquals(List.of(), files());
    }

    @Test
    void badWordsAreUsageErrors() {
        generate("toy.onnx", "x.tif", "--sampler", "euler").assertBadInput("unknown sampler 'euler'",
                "ddpm, ddim or dpm++2m");
        generate("toy.onnx", "x.tif", "--spacing", "even").assertBadInput("unknown timestep spacing 'even'");
        generate("toy.onnx", "x.tif", "--size", "big").assertBadInput("'big' is not HxW");
        generate("toy.onnx", "x.jpg").assertBadInput("unsupported extension", ".tif", ".png");
        run("generate", "--model", model("toy.onnx"), "--device", "tpu", "--out", "x.tif")
                .assertBadInput("unknown device 'tpu'", "auto, cpu or gpu");
        run("generate", "--model", model("toy.onnx")).assertBadInput("Missing required option: '--out=FILE'");
        run("frobnicate").assertBadInput("Unmatched argument");
        run().assertBadInput("name a subcommand");
    }

    @Test
    void sizeNotAMultipleOfTheNetworkFactor() {
        generate("toy.onnx", "x.tif", "--size", "15x16").assertBadInput("--size 15x16", "multiples of 2",
                "size_multiple", "try 16x16");
    }

    @Test
    void badModelFiles() throws IOException {
        generate("wrong_output.onnx", "x.tif").assertBadInput("outputs are [out]");
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(Files.readAllBytes(TestFiles.onnx("toy.onnx")), 999));
        run("generate", "--model", cut.toString(), "--device", "cpu", "--out", dir.resolve("x.tif").toString())
                .assertBadInput("not an ONNX model (corrupt or truncated?)");
        assertEquals(List.of("cut.onnx"), files());
    }

    @Test
    void nanFromTheNetworkIsAClearErrorAndWritesNothing() throws IOException {
        generate("nan.onnx", "n.tif", "--count", "2", "--size", "8x8", "--steps", "3")
                .assertBadInput("NaN", "step 1/3");
        assertEquals(List.of(), files());
    }

    @Test
    void unwritableOutLeavesNothingBehind() throws IOException {
        generate("toy.onnx", "missing/dir/x.tif", "--count", "1", "--size", "8x8")
                .assertBadInput("output folder", "does not exist");
        Files.createDirectory(dir.resolve("taken.tif"));
        generate("toy.onnx", "taken.tif", "--count", "1", "--size", "8x8").assertBadInput("is a folder");
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        generate("toy.onnx", "file/x.tif", "--count", "1", "--size", "8x8").assertBadInput("does not exist");
        assertEquals(List.of("file", "taken.tif"), files());
        assertTrue(Files.readString(notAFolder).equals("x"));
    }

    @Test
    void debugAddsTheStackTrace() {
        Run r = generate("toy.onnx", "x.tif", "--steps", "0", "--debug");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("\tat org.diffusionij.cli.GenerateCommand"), r.err());
    }

    @Test
    void cancelStopsTheNetworkCallAndWritesNothing() throws Exception {
        // slow.onnx at 256x256 for 1000 steps: seconds per step, so after the first step's progress
        // line the run is inside a later network call when the cancel arrives.
        CancelToken cancel = new CancelToken();
        CountDownLatch firstStep = new CountDownLatch(1);
        StringWriter err = new StringWriter() {
            @Override
            public void write(String s, int off, int len) {
                super.write(s, off, len);
                if (s.substring(off, off + len).contains("step 1/1000")) firstStep.countDown();
            }
        };
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> Main.execute(new PrintWriter(out, true),
                new PrintWriter(err, true), cancel, "generate", "--model", model("slow.onnx"), "--device", "cpu",
                "--count", "1", "--size", "256x256", "--steps", "1000", "--progress",
                "--out", dir.resolve("c.tif").toString()));
        assertTrue(firstStep.await(120, TimeUnit.SECONDS), () -> "no step reported: " + err);
        assertFalse(job.isDone(), () -> "the run should still be going: " + err);
        cancel.cancel();
        int code = job.get(60, TimeUnit.SECONDS);
        assertEquals(Main.CANCELLED, code, err.toString());
        assertTrue(err.toString().contains("cancelled; nothing was written"), err.toString());
        assertEquals(List.of(), files());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
