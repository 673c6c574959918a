package org.diffusionij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.baseline.BiharmonicFill;
import org.diffusionij.baseline.HarmonicFill;
import org.diffusionij.baseline.Upsample;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.metrics.Ssim;
import org.diffusionij.task.DenoiseTask;

/**
 * Restoration through the product path (issue 11 item 7): TIFF stacks of held-out test images
 * (one plane per image) written as a user has them — 8-bit (noise clipped at 0 and 255, rounded),
 * 16-bit camera counts (offset + gain, noise not clipped) and 32-bit floats — run through the
 * launcher in-process ({@link Launcher}, the same ImagePipeline as the Fiji commands), read back
 * and scored in [0, 1] units. Beside them: the task layer's posterior mean at the true σ with the
 * fixed 0..255 mapping (the "network limit"), and the classical baselines.
 */
final class ProductPathSection {

    static final double[] SIGMAS = {0.1, 0.2, 0.4};
    static final double OFFSET = 5000, GAIN = 10;
    static final String[] TYPES = {"8-bit", "16-bit camera", "32-bit"};

    private final BenchContext ctx;
    private final Launcher launcher;
    private final Progress log;
    private final Path work;
    private final int size;
    private final List<float[]> tuneClean;
    private final List<float[]> evalClean;
    private int runs;
    private double launcherSeconds;

    ProductPathSection(BenchContext ctx, Launcher launcher, Path work, Progress log, int images) throws IOException {
        this.ctx = ctx;
        this.launcher = launcher;
        this.log = log;
        this.work = Files.createDirectories(work);
        this.size = ctx.modelSize();
        this.tuneClean = ctx.testImages(0, ctx.settings().tuneImages());
        this.evalClean = ctx.testImages(ctx.settings().evalStart(), images);
    }

    void run() throws IOException {
        Report r = ctx.report();
        int n = evalClean.size();
        r.section("Product path: restoration through the launcher on files");
        r.paragraph(String.format(Locale.ROOT, "The launcher (`org.diffusionij.cli.Main`, run in-process: the same "
                        + "ImagePipeline as the Fiji commands; each call opens the model as a launcher call does) on TIFF "
                        + "stacks of %d held-out test images (%d..%d, one plane per image, 32x32), with default settings "
                        + "unless a row says otherwise (σ estimated, range auto, dpm++2m 25 steps, seed 0). Pixel types: "
                        + "**8-bit** (values 0..255, noise clipped at 0 and 255 and rounded), **16-bit camera** (%.0f + "
                        + "%.0f × value, noise not clipped) and **32-bit** (values 0..255 plus noise). Results are read "
                        + "back, mapped to [0, 1] (16-bit: (v − offset)/gain/255), clipped to [0, 1] as every bench "
                        + "method is, and scored against the clean image (data range 1). Time per image: the launcher "
                        + "call's wall time (model loading, reading and writing included) over the %d images, on a "
                        + "shared machine (load average in the header). \"Network limit\": the task layer's posterior "
                        + "mean (Tweedie, one network call) at the true σ with the fixed 0..255 → [−1, 1] mapping, on the "
                        + "unclipped noisy floats. Baselines run on the same inputs in [0, 1] units, tuned on test images "
                        + "0..%d. Coverage: the fraction of pixels (of the hole, for inpaint) with |result − truth| ≤ 2·std, "
                        + "std from `--uncertainty`.",
                n, ctx.settings().evalStart(), ctx.settings().evalStart() + n - 1, OFFSET, GAIN, n,
                tuneClean.size() - 1));
        denoise();
        superResolve();
        inpaint();
    }

    // ---------------------------------------------------------------- denoise

    private void denoise() throws IOException {
        Report r = ctx.report();
        int n = evalClean.size();
        MarkdownTable t = new MarkdownTable("σ", "Input", "Method", "PSNR (dB)", "SSIM", "Coverage (2·std)",
                "Seconds per image");
        for (int lv = 0; lv < SIGMAS.length; lv++) {
            double sigma = SIGMAS[lv];
            log.update(lv, SIGMAS.length, "product path: denoise σ=" + sigma + " (baseline tuning)");
            List<float[]> tuneNoisy = noisy(tuneClean, sigma, 11, lv);
            List<float[]> evalNoisy = noisy(evalClean, sigma, 12, lv);
            BaselineTuning.Choice nlmChoice = BaselineTuning.best(BaselineTuning.nonLocalMeansGrid(size, sigma), tuneClean,
                    tuneNoisy, 1);
            UnaryOperator<float[]> nlm = nlmChoice.candidate().filter();
            long t0 = System.nanoTime();
            List<float[]> nlmOut = evalNoisy.parallelStream().map(img -> BatchRunner.clip01(nlm.apply(img))).toList();
            MethodScores nlmScores = score("Non-local means (tuned: " + nlmChoice.candidate().params() + ")", nlmOut, null);
            double nlmSec = (System.nanoTime() - t0) / 1e9 / n;
            row(t, sigma, "float, unclipped", nlmScores, null, nlmSec);
            csv("denoise", "sigma=" + sigma + ",float", nlmScores, null, nlmSec);
            // Network limit: the task layer's posterior mean, true σ, fixed mapping.
            float[] x = new float[n * size * size];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < size * size; p++) x[i * size * size + p] = 2 * evalNoisy.get(i)[p] - 1;
            }
            t0 = System.nanoTime();
            float[] m = DenoiseTask.posteriorMean(ctx.model(), 2 * sigma, x, n, size, size, CancelToken.none());
            double limitSec = (System.nanoTime() - t0) / 1e9 / n;
            List<float[]> limitOut = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] v = new float[size * size];
                for (int p = 0; p < v.length; p++) v[p] = BatchRunner.clip01((m[i * size * size + p] + 1) / 2);
                limitOut.add(v);
            }
            MethodScores limit = score("network limit (task layer, mean, true σ, fixed 0..255)", limitOut, null);
            row(t, sigma, "float, unclipped", limit, null, limitSec);
            csv("denoise", "sigma=" + sigma + ",float", limit, null, limitSec);
            for (int type = 0; type < TYPES.length; type++) {
                log.update(lv, SIGMAS.length, "product path: denoise σ=" + sigma + ", " + TYPES[type]);
                Path in = write("denoise-s" + sigma + "-" + type + ".tif", noisyStack(evalNoisy, type));
                MethodScores mean = launch(t, sigma, type, "**mean (default)**", in, null, "denoise");
                launch(t, sigma, type, "one sample (--estimate sample)", in, null, "denoise", "--estimate", "sample");
                double[] cov = new double[1];
                launch(t, sigma, type, "mean of 4 samples (--estimate sample --sampler ddpm --samples 4)", in, cov,
                        "denoise", "--estimate", "sample", "--sampler", "ddpm", "--samples", "4");
                double[] covMean = new double[1];
                if (sigma == 0.2) {
                    launch(t, sigma, type, "mean with uncertainty (--samples 4 --uncertainty: Tweedie mean, std of 4 "
                            + "ddpm draws)", in, covMean, "denoise", "--samples", "4");
                    coverage("Denoise σ = 0.2, " + TYPES[type] + ", mean (default) with --samples 4", covMean[0]);
                    gain("Denoise σ = 0.2, " + TYPES[type] + ": mean vs tuned NLM", "≥ +4 dB", mean, nlmScores, 4.0);
                    coverage("Denoise σ = 0.2, " + TYPES[type] + ", mean of 4 samples", cov[0]);
                }
                double d = mean.meanPsnr() - limit.meanPsnr();
                ctx.report().target("Product path: denoise σ = " + sigma + ", " + TYPES[type] + ", mean vs the "
                        + "fixed-mapping reference", "within 0.3 dB", String.format(Locale.ROOT, "%+.2f dB (%.2f vs %.2f)",
                                d, mean.meanPsnr(), limit.meanPsnr()), Math.abs(d) <= 0.3 || d > 0,
                        "reference: task layer, true σ, fixed 0..255; " + n + " images");
            }
        }
        r.subsection("Denoise");
        r.paragraph("Additive Gaussian noise of σ = 0.1, 0.2, 0.4 of the range (seeded). The non-local means row and the "
                + "network-limit row use the unclipped float noisy images; the 8-bit file holds them clipped and rounded.");
        r.table(t);
    }

    private List<float[]> noisy(List<float[]> clean, double sigma, int task, int level) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            out.add(Degradations.addGaussianNoise(clean.get(i), sigma, new SplittableRandom(
                    ctx.settings().seed() * 1_000_003L + task * 100_003L + level * 10_007L + i)));
        }
        return out;
    }

    /** Images in [0, 1] units as a stack of pixel type {@code type} (0 8-bit, 1 16-bit camera, 2 32-bit). */
    private ImageStack noisyStack(List<float[]> images, int type) {
        ImageStack st = new ImageStack(size, size);
        for (float[] img : images) {
            int len = img.length;
            switch (type) {
                case 0 -> {
                    byte[] b = new byte[len];
                    for (int p = 0; p < len; p++) b[p] = (byte) Math.max(0, Math.min(255, Math.round(255 * img[p])));
                    st.addSlice(new ByteProcessor(size, size, b));
                }
                case 1 -> {
                    short[] s = new short[len];
                    for (int p = 0; p < len; p++) s[p] = (short) Math.round(OFFSET + GAIN * 255 * img[p]);
                    st.addSlice(new ShortProcessor(size, size, s, null));
                }
                default -> {
                    float[] f = new float[len];
                    for (int p = 0; p < len; p++) f[p] = 255 * img[p];
                    st.addSlice(new FloatProcessor(size, size, f));
                }
            }
        }
        return st;
    }

    /** Runs one launcher call on {@code in}, scores and adds the row; {@code coverage[0]} set when given. */
    private MethodScores launch(MarkdownTable t, double sigma, int type, String method, Path in, double[] coverage,
                                String... args) throws IOException {
        Path out = work.resolve("out.tif"), std = work.resolve("std.tif");
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--in", in.toString(), "--out", out.toString()));
        if (coverage != null) a.addAll(List.of("--uncertainty", std.toString()));
        double sec = timed(a);
        List<float[]> res = readUnits(out, type);
        MethodScores m = score(method, clipAll(res), null);
        if (coverage != null) coverage[0] = coverage(res, readUnits(std, type == 1 ? 3 : 2), null);
        row(t, sigma, TYPES[type], m, coverage, sec / evalClean.size());
        csv("denoise", "sigma=" + sigma + "," + TYPES[type], m, coverage, sec / evalClean.size());
        return m;
    }

    private void row(MarkdownTable t, double sigma, String input, MethodScores m, double[] cov, double secPerImage) {
        t.row(String.valueOf(sigma), input, m.method(), pm(m.meanPsnr(), m.semPsnr(), 2), pm(m.meanSsim(), m.semSsim(), 3),
                cov == null ? "–" : MarkdownTable.num(cov[0], 3), MarkdownTable.num(secPerImage, 4));
    }

    // ---------------------------------------------------------------- super-resolve

    private void superResolve() throws IOException {
        int n = evalClean.size(), f = 2, small = size / f;
        log.update(0, 1, "product path: super-resolve x2");
        ImageStack st = new ImageStack(small, small);
        List<float[]> low = new ArrayList<>();
        for (float[] img : evalClean) {
            float[] pooled = Degradations.averagePool(img, size, size, f);
            byte[] b = new byte[pooled.length];
            float[] q = new float[pooled.length];
            for (int p = 0; p < b.length; p++) {
                int v = Math.max(0, Math.min(255, Math.round(255 * pooled[p])));
                b[p] = (byte) v;
                q[p] = v / 255f;
            }
            st.addSlice(new ByteProcessor(small, small, b));
            low.add(q);
        }
        Path in = write("sr-low.tif", st);
        MarkdownTable t = new MarkdownTable("Method", "PSNR (dB)", "SSIM", "Coverage (2·std)", "Seconds per image");
        long t0 = System.nanoTime();
        List<float[]> bic = low.stream().map(img -> BatchRunner.clip01(Upsample.bicubic(img, small, small, f))).toList();
        MethodScores bicubic = score("Bicubic", bic, null);
        t.row(bicubic.method(), pm(bicubic.meanPsnr(), bicubic.semPsnr(), 2), pm(bicubic.meanSsim(), bicubic.semSsim(), 3),
                "–", MarkdownTable.num((System.nanoTime() - t0) / 1e9 / n, 4));
        csv("superresolve", "x2,8-bit", bicubic, null, (System.nanoTime() - t0) / 1e9 / n);
        MethodScores def = null;
        for (int k : new int[] {1, 4, 8}) {
            Path out = work.resolve("sr.tif"), std = work.resolve("sr-std.tif");
            List<String> a = new ArrayList<>(List.of("super-resolve", "--in", in.toString(), "--out", out.toString(),
                    "--samples", Integer.toString(k)));
            if (k > 1) a.addAll(List.of("--uncertainty", std.toString()));
            double sec = timed(a) / n;
            List<float[]> res = readUnits(out, 0);
            String name = k == 1 ? "one sample (--samples 1)" : k == 4 ? "**mean of 4 (default)**" : "mean of 8 (--samples 8)";
            MethodScores m = score(name, clipAll(res), null);
            double[] cov = k > 1 ? new double[] {coverage(res, readUnits(std, 2), null)} : null;
            t.row(m.method(), pm(m.meanPsnr(), m.semPsnr(), 2), pm(m.meanSsim(), m.semSsim(), 3),
                    cov == null ? "–" : MarkdownTable.num(cov[0], 3), MarkdownTable.num(sec, 4));
            csv("superresolve", "x2,8-bit", m, cov, sec);
            if (k == 4) {
                def = m;
                coverage("Super-resolve ×2, mean of 4 (default)", cov[0]);
            }
        }
        gain("Super-resolve ×2: default mean vs bicubic", "≥ +2 dB", def, bicubic, 2.0);
        Report r = ctx.report();
        r.subsection("Super-resolve ×2");
        r.paragraph("Input: the clean 32x32 image average-pooled to 16x16 and stored as an 8-bit file (rounded); bicubic "
                + "upsamples the same rounded input. With an 8-bit file the launcher's range is the fixed 0..255, so the "
                + "task layer's result is the same computation (the task-layer rows are in the Super-resolve section of "
                + "bench/report.md).");
        r.table(t);
    }

    // ---------------------------------------------------------------- inpaint

    private void inpaint() throws IOException {
        int n = evalClean.size();
        log.update(0, 1, "product path: inpaint centre box");
        boolean[] box = Degradations.centreBox(size);
        ImageStack img = new ImageStack(size, size), mask = new ImageStack(size, size);
        List<float[]> damaged = new ArrayList<>();
        List<boolean[]> holes = new ArrayList<>();
        for (float[] c : evalClean) {
            byte[] b = new byte[c.length], mb = new byte[c.length];
            float[] d = new float[c.length];
            for (int p = 0; p < c.length; p++) {
                int v = box[p] ? 0 : Math.round(255 * c[p]);
                b[p] = (byte) v;
                d[p] = v / 255f;
                mb[p] = (byte) (box[p] ? 255 : 0);
            }
            img.addSlice(new ByteProcessor(size, size, b));
            mask.addSlice(new ByteProcessor(size, size, mb));
            damaged.add(d);
            holes.add(box);
        }
        Path in = write("inpaint-in.tif", img), m = write("inpaint-mask.tif", mask);
        MarkdownTable t = new MarkdownTable("Method", "PSNR in hole (dB)", "SSIM in hole", "Coverage in hole (2·std)",
                "Seconds per image");
        long t0 = System.nanoTime();
        List<float[]> harm = damaged.stream().map(d -> HarmonicFill.fill(d, size, size, box)).toList();
        double hsec = (System.nanoTime() - t0) / 1e9 / n;
        MethodScores harmonic = score("Harmonic fill", harm, holes);
        t.row(harmonic.method(), pm(harmonic.meanPsnr(), harmonic.semPsnr(), 2),
                pm(harmonic.meanSsim(), harmonic.semSsim(), 3), "–", MarkdownTable.num(hsec, 4));
        csv("inpaint", "centre-box,8-bit", harmonic, null, hsec);
        t0 = System.nanoTime();
        List<float[]> bih = damaged.stream().map(d -> BatchRunner.clip01(BiharmonicFill.fill(d, size, size, box))).toList();
        double bsec = (System.nanoTime() - t0) / 1e9 / n;
        MethodScores biharmonic = score("Biharmonic fill", bih, holes);
        t.row(biharmonic.method(), pm(biharmonic.meanPsnr(), biharmonic.semPsnr(), 2),
                pm(biharmonic.meanSsim(), biharmonic.semSsim(), 3), "–", MarkdownTable.num(bsec, 4));
        csv("inpaint", "centre-box,8-bit", biharmonic, null, bsec);
        MethodScores mean8 = null;
        for (int k : new int[] {1, 8}) {
            Path out = work.resolve("inp.tif"), std = work.resolve("inp-std.tif");
            List<String> a = new ArrayList<>(List.of("inpaint", "--in", in.toString(), "--mask", m.toString(), "--out",
                    out.toString(), "--samples", Integer.toString(k)));
            if (k > 1) a.addAll(List.of("--uncertainty", std.toString()));
            double sec = timed(a) / n;
            List<float[]> res = readUnits(out, 0);
            MethodScores s = score(k == 1 ? "**one sample (default)**" : "mean of 8 (--samples 8)", clipAll(res), holes);
            double[] cov = k > 1 ? new double[] {coverage(res, readUnits(std, 2), box)} : null;
            t.row(s.method(), pm(s.meanPsnr(), s.semPsnr(), 2), pm(s.meanSsim(), s.semSsim(), 3),
                    cov == null ? "–" : MarkdownTable.num(cov[0], 3), MarkdownTable.num(sec, 4));
            csv("inpaint", "centre-box,8-bit", s, cov, sec);
            if (k == 8) {
                mean8 = s;
                coverage("Inpaint centre box, mean of 8", cov[0]);
            }
        }
        gain("Inpaint centre box: mean of 8 vs harmonic fill (in the hole)", "≥ +1 dB", mean8, harmonic, 1.0);
        gain("Inpaint centre box: mean of 8 vs biharmonic fill (in the hole)", "≥ +1 dB", mean8, biharmonic, 1.0);
        Report r = ctx.report();
        r.subsection("Inpaint, centre box");
        r.paragraph(String.format(Locale.ROOT, "A centred %dx%d box set to 0 in an 8-bit file, with an 8-bit mask stack "
                + "(255 = fill); scores inside the hole only. Harmonic and biharmonic fill (scikit-image's "
                + "inpaint_biharmonic, the same equations; clipped to [0, 1]) work on the same input.", 3 * size / 8,
                3 * size / 8));
        r.table(t);
    }

    // ---------------------------------------------------------------- shared

    private double timed(List<String> args) throws IOException {
        double sec = launcher.run(args.toArray(new String[0]));
        runs++;
        launcherSeconds += sec;
        return sec;
    }

    private Path write(String name, ImageStack st) throws IOException {
        Path p = work.resolve(name);
        ImageFiles.writeTiff(p, new ImagePlus(name, st));
        return p;
    }

    /**
     * A result stack in [0, 1] units: kind 0 8-bit/32-bit values (÷255), 1 16-bit camera counts,
     * 2 a std in 0..255 units (÷255), 3 a std in camera counts (÷gain÷255).
     */
    private List<float[]> readUnits(Path file, int kind) throws IOException {
        ImagePlus imp = ImageFiles.open(file);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < imp.getStackSize(); i++) {
            ImageProcessor ip = imp.getStack().getProcessor(i + 1);
            float[] v = new float[ip.getPixelCount()];
            for (int p = 0; p < v.length; p++) {
                double x = ip.getf(p);
                v[p] = (float) switch (kind) {
                    case 1 -> (x - OFFSET) / GAIN / 255;
                    case 3 -> x / GAIN / 255;
                    default -> x / 255;
                };
            }
            out.add(v);
        }
        if (out.size() != evalClean.size()) throw new IOException(file + " has " + out.size() + " planes, expected "
                + evalClean.size());
        return out;
    }

    private static List<float[]> clipAll(List<float[]> in) {
        return in.stream().map(BatchRunner::clip01).toList();
    }

    /** Fraction of pixels (inside {@code hole} when given) with |result − truth| ≤ 2·std. */
    private double coverage(List<float[]> result, List<float[]> std, boolean[] hole) {
        long in = 0, all = 0;
        for (int i = 0; i < result.size(); i++) {
            float[] v = result.get(i), s = std.get(i), c = evalClean.get(i);
            for (int p = 0; p < v.length; p++) {
                if (hole != null && !hole[p]) continue;
                if (Math.abs(v[p] - c[p]) <= 2 * s[p]) in++;
                all++;
            }
        }
        return in / (double) all;
    }

    private MethodScores score(String method, List<float[]> out, List<boolean[]> holes) {
        MethodScores m = new MethodScores(method, "");
        for (int i = 0; i < out.size(); i++) {
            float[] a = out.get(i), b = evalClean.get(i);
            if (holes == null) m.add(Psnr.compute(a, b, 1), Ssim.mean(a, b, size, size, 1));
            else m.add(Psnr.compute(a, b, holes.get(i), 1), Ssim.meanOver(a, b, size, size, 1, holes.get(i)));
        }
        return m;
    }

    private void gain(String name, String goal, MethodScores ours, MethodScores base, double needed) {
        double g = ours.meanPsnr() - base.meanPsnr();
        ctx.report().target("Product path: " + name, goal, String.format(Locale.ROOT, "%+.2f ± %.2f dB (%.2f vs %.2f)", g,
                ours.semDifference(base), ours.meanPsnr(), base.meanPsnr()), g >= needed, String.format(Locale.ROOT,
                "better on %.0f %% of %d images", 100 * ours.winRate(base), ours.count()));
    }

    private void coverage(String name, double c) {
        ctx.report().target("Product path: " + name + ", 2·std coverage", "0.90–0.98", MarkdownTable.num(c, 3),
                c >= 0.90 && c <= 0.98, "fraction of pixels with |result − truth| ≤ 2·std");
    }

    private void csv(String task, String setting, MethodScores m, double[] cov, double secPerImage) {
        String method = m.method().replace("*", "").replace(",", ";");
        ResultsCsv c = ctx.report().csv();
        c.add("product-path", task, setting.replace(",", ";"), method, "psnr_db", m.meanPsnr(), m.count());
        c.add("product-path", task, setting.replace(",", ";"), method, "ssim", m.meanSsim(), m.count());
        c.add("product-path", task, setting.replace(",", ";"), method, "seconds_per_image", secPerImage, m.count());
        if (cov != null) c.add("product-path", task, setting.replace(",", ";"), method, "coverage_2std", cov[0], m.count());
    }

    private static String pm(double mean, double sem, int decimals) {
        return MarkdownTable.num(mean, decimals) + " ± " + MarkdownTable.num(sem, decimals);
    }

    /** Launcher calls made and their total seconds, for the log. */
    String summary() {
        return String.format(Locale.ROOT, "%d launcher calls, %.1f s", runs, launcherSeconds);
    }
}
