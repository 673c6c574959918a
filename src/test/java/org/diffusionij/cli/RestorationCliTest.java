package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.testing.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoration through the launcher on files, as a user runs it, with the shipped model on
 * held-out Fashion-MNIST test images (5000+, centred on the 32x32 training size): default Denoise
 * on 8-bit (noise clipped at 0 and 255, rounded), 16-bit camera counts (offset 5000 + gain 10, not
 * clipped) and 32-bit files; super-resolve's mean of K draws against bicubic, and its std map's 2σ
 * coverage; Inpaint with a mask stack; bad values refused in one line each.
 */
class RestorationCliTest {

    static final String MODEL = Path.of("models/fashion-mnist-32.onnx").toString();
    static final int FIRST = 5000, S = 32;
    static final double OFFSET = 5000, GAIN = 10;

    @TempDir
    Path dir;

    static float[][] clean(int count) {
        return FashionMnist.centred32(FIRST, count);
    }

    private MainTest.Run run(String... args) {
        return MainTest.runOnCpu(MODEL, args);
    }

    private Path write(String name, ImageStack stack) throws Exception {
        Path p = dir.resolve(name);
        ImageFiles.writeTiff(p, new ImagePlus(name, stack));
        return p;
    }

    /** Plane i of a result file as floats. */
    static float[] plane(ImagePlus imp, int i) {
        ImageProcessor ip = imp.getStack().getProcessor(i + 1);
        float[] v = new float[ip.getPixelCount()];
        for (int p = 0; p < v.length; p++) v[p] = ip.getf(p);
        return v;
    }

    /** Mean PSNR (peak 255) of default Denoise on an 8-bit, a 16-bit and a 32-bit stack at noise level σ·255. */
    double[] denoiseDefault(float[][] clean, double level) throws Exception {
        int n = clean.length;
        double sigma = level * 255;
        ImageStack s8 = new ImageStack(S, S), s16 = new ImageStack(S, S), s32 = new ImageStack(S, S);
        for (int i = 0; i < n; i++) {
            float[] z = new float[S * S];
            new GaussianNoise(7000 + i).fill(z);
            byte[] b = new byte[S * S];
            short[] c = new short[S * S];
            float[] f = new float[S * S];
            for (int p = 0; p < f.length; p++) {
                f[p] = (float) (clean[i][p] + sigma * z[p]);
                b[p] = (byte) Math.max(0, Math.min(255, Math.round(f[p])));
                c[p] = (short) Math.round(OFFSET + GAIN * f[p]);
            }
            s8.addSlice(new ByteProcessor(S, S, b));
            s16.addSlice(new ShortProcessor(S, S, c, null));
            s32.addSlice(new FloatProcessor(S, S, f));
        }
        double[] psnr = new double[3];
        String[] names = {"n8.tif", "n16.tif", "n32.tif"};
        ImageStack[] stacks = {s8, s16, s32};
        for (int k = 0; k < 3; k++) {
            Path in = write(names[k], stacks[k]);
            Path out = dir.resolve("d" + names[k]);
            MainTest.Run r = run("denoise", "--in", in.toString(), "--out", out.toString());
            assertEquals(Main.OK, r.code(), r.err());
            ImagePlus res = ImageFiles.open(out);
            for (int i = 0; i < n; i++) {
                float[] v = plane(res, i);
                if (k == 1) for (int p = 0; p < v.length; p++) v[p] = (float) ((v[p] - OFFSET) / GAIN);
                psnr[k] += Psnr.compute(v, clean[i], 255) / n;
            }
        }
        return psnr;
    }

    /**
     * Default Denoise (posterior mean, σ estimated, range auto) through the launcher reaches the
     * issue's 28.5 / 24.5 / 20.5 dB at σ = 0.1 / 0.2 / 0.4 of the range on 8-bit, 16-bit and 32-bit
     * files. The 8-bit files hold clipped noise: saturated pixels are censored (σ refined and the mean
     * taken by imputation, see bench/notes.md); clipping removes information, so 8-bit may not beat
     * the unclipped 32-bit file.
     */
    @Test
    void defaultDenoiseReachesTheTargetsOnEveryPixelType() throws Exception {
        float[][] clean = clean(Integer.getInteger("restoration.images", 6));
        double[] levels = {0.1, 0.2, 0.4};
        double[] targets = {28.5, 24.5, 20.5};
        for (int k = 0; k < levels.length; k++) {
            double[] p = denoiseDefault(clean, levels[k]);
            String line = String.format(Locale.ROOT, "denoise default, sigma %.1f of the range, %d images: 8-bit "
                    + "(clipped) %.2f dB, 16-bit camera %.2f, 32-bit %.2f", levels[k], clean.length, p[0], p[1], p[2]);
            System.out.println(line);
            assertTrue(p[0] >= targets[k] && p[1] >= targets[k] && p[2] >= targets[k], line);
            assertTrue(p[0] <= p[2] + 0.1, line);
        }
    }

    /**
     * What 8-bit saturation costs (opt-in measurement, -Drestoration.clipping=true; numbers in
     * bench/notes.md): the same noisy images as unclipped 32-bit floats, clipped to 0..255 but kept
     * as 32-bit floats (range=0,255, so only the clipping differs), as 8-bit files with σ
     * estimated, and as 8-bit files with the true σ given. Clipping removes information, so no
     * clipped variant may beat the unclipped one.
     */
    @Test
    @EnabledIfSystemProperty(named = "restoration.clipping", matches = "true")
    void clippingCost() throws Exception {
        float[][] clean = clean(Integer.getInteger("restoration.images", 6));
        int n = clean.length;
        for (double level : new double[] {0.1, 0.2, 0.4}) {
            double sigma = level * 255;
            ImageStack un = new ImageStack(S, S), cl = new ImageStack(S, S), b8 = new ImageStack(S, S);
            for (int i = 0; i < n; i++) {
                float[] z = new float[S * S];
                new GaussianNoise(7000 + i).fill(z);
                float[] f = new float[S * S], c = new float[S * S];
                byte[] b = new byte[S * S];
                for (int p = 0; p < f.length; p++) {
                    f[p] = (float) (clean[i][p] + sigma * z[p]);
                    c[p] = Math.max(0, Math.min(255, f[p]));
                    b[p] = (byte) Math.round(c[p]);
                }
                un.addSlice(new FloatProcessor(S, S, f));
                cl.addSlice(new FloatProcessor(S, S, c));
                b8.addSlice(new ByteProcessor(S, S, b));
            }
            String s = String.format(Locale.ROOT, "%.4f", sigma);
            double[] p = {
                meanPsnr(write("un.tif", un), clean, "--range", "0,255", "--sigma", s),
                meanPsnr(write("cl.tif", cl), clean, "--range", "0,255", "--sigma", s),
                meanPsnr(write("b8.tif", b8), clean),
                meanPsnr(write("b8s.tif", b8), clean, "--sigma", s)};
            String line = String.format(Locale.ROOT, "clipping, sigma %.1f, %d images: unclipped %.2f dB, clipped "
                    + "(float, sigma given) %.2f, 8-bit sigma estimated %.2f, 8-bit sigma given %.2f", level, n, p[0],
                    p[1], p[2], p[3]);
            System.out.println(line);
            for (int k = 1; k < 4; k++) assertTrue(p[k] <= p[0] + 0.1, line);
        }
    }

    private double meanPsnr(Path in, float[][] clean, String... extra) throws Exception {
        Path out = dir.resolve("o-" + in.getFileName());
        List<String> args = new ArrayList<>(List.of("denoise", "--in", in.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        MainTest.Run r = run(args.toArray(new String[0]));
        assertEquals(Main.OK, r.code(), r.err());
        ImagePlus res = ImageFiles.open(out);
        double psnr = 0;
        for (int i = 0; i < clean.length; i++) psnr += Psnr.compute(plane(res, i), clean[i], 255) / clean.length;
        return psnr;
    }

    /**
     * Photon counts (peak 20 photons, gain 2, offset 100, read noise 2, 16-bit): Denoise with
     * noise=poisson-gaussian, parameters given and estimated, through the generalized Anscombe
     * transform; PSNR against the clean expectation (gain·λ + offset), peak = gain·20.
     */
    @Test
    void poissonGaussianDenoiseBeatsTheNoisyCounts() throws Exception {
        float[][] clean = clean(Integer.getInteger("restoration.images", 6));
        int n = clean.length;
        double peak = 20, gain = 2, offset = 100, read = 2;
        java.util.Random rnd = new java.util.Random(11);
        ImageStack st = new ImageStack(S, S);
        float[][] truth = new float[n][S * S];
        double noisyPsnr = 0;
        for (int i = 0; i < n; i++) {
            short[] c = new short[S * S];
            float[] raw = new float[S * S];
            for (int p = 0; p < c.length; p++) {
                double lambda = peak * clean[i][p] / 255;
                truth[i][p] = (float) (gain * lambda + offset);
                raw[p] = (float) Math.round(gain * poisson(rnd, lambda) + offset + read * rnd.nextGaussian());
                c[p] = (short) raw[p];
            }
            noisyPsnr += Psnr.compute(raw, truth[i], gain * peak) / n;
            st.addSlice(new ShortProcessor(S, S, c, null));
        }
        Path in = write("photons.tif", st);
        double[] psnr = new double[2];
        String[][] extra = {{"--gain", "2", "--offset", "100", "--read-noise", "2"}, {}};
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("pg" + k + ".tif");
            List<String> args = new ArrayList<>(List.of("denoise", "--in", in.toString(), "--out", out.toString(),
                    "--noise", "poisson-gaussian"));
            args.addAll(List.of(extra[k]));
            MainTest.Run r = run(args.toArray(new String[0]));
            assertEquals(Main.OK, r.code(), r.err());
            assertTrue(r.err().contains("Poisson-Gaussian noise, gain"), r.err());
            ImagePlus res = ImageFiles.open(out);
            assertEquals(16, res.getBitDepth());
            for (int i = 0; i < n; i++) psnr[k] += Psnr.compute(plane(res, i), truth[i], gain * peak) / n;
        }
        String line = String.format(Locale.ROOT, "poisson-gaussian, peak 20 photons, %d images: noisy %.2f dB, "
                + "denoised (parameters given) %.2f, (estimated) %.2f", n, noisyPsnr, psnr[0], psnr[1]);
        System.out.println(line);
        assertTrue(psnr[0] > noisyPsnr + 3 && psnr[1] > noisyPsnr + 3, line);
    }

    /** Knuth's Poisson draw (fine for the small means used here). */
    static int poisson(java.util.Random rnd, double lambda) {
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** n 32x32 truths average-pooled to 16x16, as a 32-bit stack (values stay in the model's 0..255). */
    private Path lowRes(float[][] truth) throws Exception {
        ImageStack st = new ImageStack(S / 2, S / 2);
        for (float[] t : truth) st.addSlice(new FloatProcessor(S / 2, S / 2, pool(t)));
        return write("low.tif", st);
    }

    static float[] pool(float[] t) {
        float[] o = new float[S * S / 4];
        for (int y = 0; y < S / 2; y++) {
            for (int x = 0; x < S / 2; x++) {
                int i = 2 * y * S + 2 * x;
                o[y * S / 2 + x] = (t[i] + t[i + 1] + t[i + S] + t[i + S + 1]) / 4;
            }
        }
        return o;
    }

    static double bicubicPsnr(float[][] truth) {
        double p = 0;
        for (float[] t : truth) {
            FloatProcessor lo = new FloatProcessor(S / 2, S / 2, pool(t));
            lo.setInterpolationMethod(ImageProcessor.BICUBIC);
            float[] up = (float[]) lo.resize(S, S, true).getPixels();
            p += Psnr.compute(up, t, 255) / truth.length;
        }
        return p;
    }

    /**
     * super-resolve --samples 8 --uncertainty std.tif: the mean beats bicubic, and |result − truth|
     * ≤ 2·std holds on 75–99.5 % of pixels (the band).
     */
    @Test
    void superResolveUncertaintyCoversTheError() throws Exception {
        float[][] truth = clean(Integer.getInteger("restoration.srImages", 4));
        Path in = lowRes(truth);
        Path out = dir.resolve("sr.tif"), std = dir.resolve("std.tif");
        MainTest.Run r = run("super-resolve", "--in", in.toString(), "--out", out.toString(), "--samples", "8",
                "--uncertainty", std.toString());
        assertEquals(Main.OK, r.code(), r.err());
        ImagePlus res = ImageFiles.open(out), sd = ImageFiles.open(std);
        assertEquals(32, sd.getBitDepth());
        assertEquals(truth.length, sd.getStackSize());
        long covered = 0, total = 0;
        double psnr = 0;
        for (int i = 0; i < truth.length; i++) {
            float[] v = plane(res, i), s = plane(sd, i);
            psnr += Psnr.compute(v, truth[i], 255) / truth.length;
            for (int p = 0; p < v.length; p++) {
                assertTrue(s[p] >= 0 && Float.isFinite(s[p]));
                if (Math.abs(v[p] - truth[i][p]) <= 2 * s[p]) covered++;
                total++;
            }
        }
        String figure = System.getProperty("restoration.figure");
        if (figure != null) writeFigure(Path.of(figure), in, truth, res, sd);
        double coverage = covered / (double) total, bicubic = bicubicPsnr(truth);
        String line = String.format(Locale.ROOT, "super-resolve x2, 8 draws, %d images: %.2f dB (bicubic %.2f), "
                + "2-std coverage %.1f %%", truth.length, psnr, bicubic, 100 * coverage);
        System.out.println(line);
        assertTrue(psnr > bicubic, line);
        assertTrue(coverage >= 0.75 && coverage <= 0.995, line);
    }

    /**
     * The README's figure (-Drestoration.figure=FILE.png): per image a row of input (16x16, shown
     * at 32x32), truth, result (mean of 8), |error| and std; error and std share one gray scale
     * (black 0, white the 99th percentile of |error|), so "error within 2 std" reads by eye. Each
     * panel is scaled x4 by pixel replication.
     */
    static void writeFigure(Path png, Path lowRes, float[][] truth, ImagePlus res, ImagePlus sd) throws Exception {
        ImagePlus low = ImageFiles.open(lowRes);
        int rows = Math.min(truth.length, 4), z = 4, gap = 4, cell = S * z + gap;
        int cols = 5;
        List<Float> errs = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            float[] v = plane(res, i);
            for (int p = 0; p < v.length; p++) errs.add(Math.abs(v[p] - truth[i][p]));
        }
        errs.sort(null);
        float errMax = Math.max(1, errs.get((int) (0.99 * (errs.size() - 1))));
        ij.process.ByteProcessor out = new ij.process.ByteProcessor(cols * cell - gap, rows * cell - gap);
        out.setValue(255);
        out.fill();
        for (int i = 0; i < rows; i++) {
            float[] lo = plane(low, i), v = plane(res, i), s = plane(sd, i);
            float[] err = new float[v.length];
            for (int p = 0; p < v.length; p++) err[p] = Math.abs(v[p] - truth[i][p]);
            for (int c = 0; c < cols; c++) {
                for (int y = 0; y < S * z; y++) {
                    for (int x = 0; x < S * z; x++) {
                        int p = (y / z) * S + x / z;
                        double g;
                        switch (c) {
                            case 0: g = lo[(y / (2 * z)) * (S / 2) + x / (2 * z)]; break;
                            case 1: g = truth[i][p]; break;
                            case 2: g = v[p]; break;
                            case 3: g = 255 * err[p] / errMax; break;
                            default: g = 255 * s[p] / errMax; break;
                        }
                        out.set(c * cell + x, i * cell + y, (int) Math.max(0, Math.min(255, Math.round(g))));
                    }
                }
            }
        }
        javax.imageio.ImageIO.write(out.getBufferedImage(), "png", png.toFile());
        System.out.println("wrote " + png + ": columns input 16x16 | truth | mean of 8 | |error| | std (error and std: "
                + "black 0, white " + String.format(Locale.ROOT, "%.1f", errMax) + " gray levels)");
    }

    /**
     * The sweeps behind SuperResolveOperation.DEFAULT_SAMPLES and DEFAULT_STEPS (opt-in:
     * -Drestoration.sweep=true): PSNR and time of the mean of K = 1, 2, 4, 8 draws at the default
     * steps, and of 1, 2, 4, 8, 25 steps at the default K; the defaults must beat bicubic.
     */
    @Test
    @EnabledIfSystemProperty(named = "restoration.sweep", matches = "true")
    void superResolveSamplesSweep() throws Exception {
        float[][] truth = clean(Integer.getInteger("restoration.srImages", 8));
        Path in = lowRes(truth);
        double bicubic = bicubicPsnr(truth);
        int defaultK = org.diffusionij.pipeline.SuperResolveOperation.DEFAULT_SAMPLES;
        int defaultSteps = org.diffusionij.pipeline.SuperResolveOperation.DEFAULT_STEPS;
        List<String> lines = new ArrayList<>();
        List<int[]> runs = new ArrayList<>();
        for (int k : new int[] {1, 2, 4, 8}) runs.add(new int[] {k, defaultSteps});
        for (int steps : new int[] {1, 4, 8, 25}) runs.add(new int[] {defaultK, steps});
        for (int[] ks : runs) {
            Path out = dir.resolve("sr" + ks[0] + "-" + ks[1] + ".tif");
            long t0 = System.nanoTime();
            MainTest.Run r = run("super-resolve", "--in", in.toString(), "--out", out.toString(), "--samples",
                    Integer.toString(ks[0]), "--steps", Integer.toString(ks[1]));
            double sec = (System.nanoTime() - t0) / 1e9;
            assertEquals(Main.OK, r.code(), r.err());
            ImagePlus res = ImageFiles.open(out);
            double psnr = 0;
            for (int i = 0; i < truth.length; i++) psnr += Psnr.compute(plane(res, i), truth[i], 255) / truth.length;
            lines.add(String.format(Locale.ROOT, "K=%d steps=%d: %.2f dB, %.2f s per image", ks[0], ks[1], psnr,
                    sec / truth.length));
            if (ks[0] == defaultK && ks[1] == defaultSteps) assertTrue(psnr > bicubic, lines.toString());
        }
        System.out.println("super-resolve sweep, " + truth.length + " images, bicubic " + String.format(Locale.ROOT,
                "%.2f", bicubic) + " dB: " + lines);
    }

    /**
     * Quality against steps for the sample modes of Inpaint (one draw, its default ddpm sampler; PSNR
     * in a centre 12x12 box) and Image to image (strength 0.5, dpm++2m; PSNR against the same seed at
     * 100 steps, i.e. how far the sampler is from converged, and against the clean image). Opt-in:
     * -Drestoration.stepsSweep=true; the numbers are in bench/notes.md.
     */
    @Test
    @EnabledIfSystemProperty(named = "restoration.stepsSweep", matches = "true")
    void inpaintAndImageToImageStepsSweep() throws Exception {
        float[][] truth = clean(Integer.getInteger("restoration.stepsImages", 16));
        ImageStack st = new ImageStack(S, S);
        for (float[] t : truth) st.addSlice(new FloatProcessor(S, S, t.clone()));
        Path in = write("steps-in.tif", st);
        ByteProcessor box = new ByteProcessor(S, S);
        box.setValue(255);
        box.setRoi(10, 10, 12, 12);
        box.fill();
        ImageStack masks = new ImageStack(S, S);
        masks.addSlice(box);
        Path mask = write("steps-mask.tif", masks);
        int[] stepsList = {5, 10, 15, 25, 50};
        List<String> lines = new ArrayList<>();
        for (int steps : stepsList) {
            Path out = dir.resolve("inp" + steps + ".tif");
            long t0 = System.nanoTime();
            MainTest.Run r = run("inpaint", "--in", in.toString(), "--mask", mask.toString(), "--out",
                    out.toString(), "--steps", Integer.toString(steps));
            double sec = (System.nanoTime() - t0) / 1e9;
            assertEquals(Main.OK, r.code(), r.err());
            ImagePlus res = ImageFiles.open(out);
            double hole = 0;
            for (int i = 0; i < truth.length; i++) {
                float[] v = plane(res, i), a = new float[144], b = new float[144];
                for (int y = 0, k = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++, k++) {
                        a[k] = v[(10 + y) * S + 10 + x];
                        b[k] = truth[i][(10 + y) * S + 10 + x];
                    }
                }
                hole += Psnr.compute(a, b, 255) / truth.length;
            }
            lines.add(String.format(Locale.ROOT, "inpaint steps=%d: box %.2f dB, %.2f s per image", steps, hole,
                    sec / truth.length));
        }
        Path ref = dir.resolve("i2i-ref.tif");
        assertEquals(Main.OK, run("img2img", "--in", in.toString(), "--out", ref.toString(), "--steps", "100").code());
        ImagePlus refImg = ImageFiles.open(ref);
        for (int steps : stepsList) {
            Path out = dir.resolve("i2i" + steps + ".tif");
            long t0 = System.nanoTime();
            MainTest.Run r = run("img2img", "--in", in.toString(), "--out", out.toString(), "--steps",
                    Integer.toString(steps));
            double sec = (System.nanoTime() - t0) / 1e9;
            assertEquals(Main.OK, r.code(), r.err());
            ImagePlus res = ImageFiles.open(out);
            double toRef = 0, toClean = 0;
            for (int i = 0; i < truth.length; i++) {
                toRef += Psnr.compute(plane(res, i), plane(refImg, i), 255) / truth.length;
                toClean += Psnr.compute(plane(res, i), truth[i], 255) / truth.length;
            }
            lines.add(String.format(Locale.ROOT, "img2img steps=%d: vs 100 steps %.2f dB, vs clean %.2f dB, "
                    + "%.2f s per image", steps, toRef, toClean, sec / truth.length));
        }
        System.out.println("steps sweep, " + truth.length + " images: " + String.join("; ", lines));
    }

    /** A mask stack (one plane per image plane) fills each plane's own region; known pixels stay exact. */
    @Test
    void inpaintTakesAMaskStack() throws Exception {
        float[][] truth = clean(2);
        ImageStack img = new ImageStack(S, S), mask = new ImageStack(S, S);
        for (int i = 0; i < 2; i++) {
            byte[] b = new byte[S * S];
            for (int p = 0; p < b.length; p++) b[p] = (byte) Math.round(truth[i][p]);
            img.addSlice(new ByteProcessor(S, S, b));
            ByteProcessor m = new ByteProcessor(S, S);
            m.setValue(255);
            m.setRoi(i == 0 ? 4 : 18, 10, 10, 10);   // a different box on each plane
            m.fill();
            mask.addSlice(m);
        }
        Path in = write("img.tif", img), m = write("mask.tif", mask), out = dir.resolve("filled.tif");
        MainTest.Run r = run("inpaint", "--in", in.toString(), "--mask", m.toString(), "--out", out.toString(),
                "--steps", "10");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("2 planes, one per image plane"), r.err());
        ImagePlus res = ImageFiles.open(out);
        int changed0 = 0;
        for (int i = 0; i < 2; i++) {
            byte[] a = (byte[]) img.getPixels(i + 1), b = (byte[]) res.getStack().getPixels(i + 1);
            byte[] f = (byte[]) mask.getPixels(i + 1);
            for (int p = 0; p < a.length; p++) {
                if (f[p] == 0) assertEquals(a[p], b[p], "known pixel " + p + " of plane " + (i + 1));
                else if (a[p] != b[p] && i == 0) changed0++;
            }
        }
        assertTrue(changed0 > 0, "plane 1's region was filled");
    }

    /** Bad values: one line each, exit 2, nothing written. */
    @Test
    void badValuesGiveOneLineEach() throws Exception {
        ImageStack st = new ImageStack(S, S);
        st.addSlice(new FloatProcessor(S, S, clean(1)[0]));
        Path in = write("in.tif", st);
        Path out = dir.resolve("never.tif");
        String[][] cases = {
            {"super-resolve", "--samples", "0"},
            {"denoise", "--range", "100,50"},
            {"denoise", "--noise", "poisson-gaussian", "--gain", "-2"},
            {"denoise", "--estimate", "sample", "--samples", "4"},
            {"super-resolve", "--samples", "1", "--uncertainty", dir.resolve("s.tif").toString()},
        };
        String[] expect = {"samples is 0", "LOW >= HIGH", "gain must be a positive number", "needs a stochastic sampler",
            "uncertainty needs samples of at least 2"};
        for (int c = 0; c < cases.length; c++) {
            List<String> args = new ArrayList<>(List.of(cases[c][0], "--in", in.toString(), "--out", out.toString()));
            for (int j = 1; j < cases[c].length; j++) args.add(cases[c][j]);
            MainTest.Run r = run(args.toArray(new String[0]));
            r.assertBadInput(expect[c]);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out));
        }
    }
}
