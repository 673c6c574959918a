package org.diffusionij.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.diffusionij.baseline.HarmonicFill;
import org.diffusionij.baseline.Upsample;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.metrics.Ssim;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.DenoiseTask;
import org.diffusionij.task.InpaintTask;
import org.diffusionij.task.SuperResolveTask;

/**
 * Denoise, super-resolve and inpaint on held-out test images, against classical baselines. All
 * images are in [0, 1] (data range 1); every method's output is clipped to [0, 1] before scoring.
 * "Ours" is the diffusion task once (one sample) and, as the MMSE-style estimate, the mean of
 * {@link #MEAN_OF} samples.
 */
final class RestorationSection {

    static final double[] SIGMAS = {0.1, 0.2, 0.4};
    static final int[] SCALES = {2, 4};
    static final int MEAN_OF = 4;

    private final BenchContext ctx;
    private final SamplerSettings base;
    private final Progress log;
    private final int size;
    private final int batch;
    private final List<float[]> tuneClean;
    private final List<float[]> evalClean;
    private final boolean quick;
    /** Figures written during a part, embedded after its table: {file, caption}. */
    private final List<String[]> pendingFigures = new ArrayList<>();

    RestorationSection(BenchContext ctx, SamplerSettings base, Progress log, boolean quick) {
        this.ctx = ctx;
        this.base = base;
        this.log = log;
        this.quick = quick;
        this.size = ctx.modelSize();
        this.batch = ctx.settings().genBatch();
        BenchSettings s = ctx.settings();
        this.tuneClean = ctx.testImages(0, s.tuneImages());
        this.evalClean = ctx.testImages(s.evalStart(), s.evalImages());
    }

    private int steps(int full) {
        return quick ? 2 : full;
    }

    private SplittableRandom random(int task, int level, int image) {
        return new SplittableRandom(ctx.settings().seed() * 1_000_003L + task * 100_003L + level * 10_007L + image);
    }

    // ---------------------------------------------------------------- denoise

    void denoise() throws IOException {
        Report r = ctx.report();
        int dpmSteps = steps(10), ddpmSteps = steps(10);
        r.section("Denoise");
        r.paragraph(String.format(Locale.ROOT, "Additive Gaussian noise of σ = %s of the data range (not clipped), on %d "
                        + "held-out test images per level. Classical baselines have their parameters tuned per level for "
                        + "the best mean PSNR on %d other test images (tuning split). Ours: the model entered at the "
                        + "noise level (ᾱ* = 1/(1+σ'²), σ' = 2σ in model units) and run to 0 with DPM-Solver++ in %d "
                        + "steps (deterministic, one run), and the mean of %d DDPM ancestral runs of %d steps (a "
                        + "posterior-mean estimate). PSNR in dB and SSIM: mean ± standard error over images.",
                join(SIGMAS), evalClean.size(), tuneClean.size(), dpmSteps, MEAN_OF, ddpmSteps));
        MarkdownTable t = new MarkdownTable("σ", "Method", "Parameters (tuned)", "PSNR (dB)", "SSIM");
        double[][] plotPsnr = new double[5][SIGMAS.length];
        String[] plotNames = {"noisy input", "Gaussian filter", "Median filter", "Non-local means", "ours (best)"};
        for (int lv = 0; lv < SIGMAS.length; lv++) {
            final int level = lv;
            double sigma = SIGMAS[level];
            log.update(level, SIGMAS.length, "denoise σ=" + sigma + ": tuning baselines");
            List<float[]> tuneNoisy = noisy(tuneClean, sigma, 1, level);
            List<float[]> evalNoisy = noisy(evalClean, sigma, 2, level);
            List<BaselineTuning.Choice> choices = List.of(
                    BaselineTuning.best(BaselineTuning.gaussianGrid(size), tuneClean, tuneNoisy, 1),
                    BaselineTuning.best(BaselineTuning.medianGrid(size), tuneClean, tuneNoisy, 1),
                    BaselineTuning.best(BaselineTuning.nonLocalMeansGrid(size, sigma), tuneClean, tuneNoisy, 1));
            List<MethodScores> rows = new ArrayList<>();
            List<List<float[]>> outputs = new ArrayList<>();
            MethodScores input = score("noisy input", "–", evalNoisy.stream().map(BatchRunner::clip01).toList(), null);
            rows.add(input);
            for (BaselineTuning.Choice c : choices) {
                UnaryOperator<float[]> f = c.candidate().filter();
                List<float[]> out = evalNoisy.parallelStream().map(img -> BatchRunner.clip01(f.apply(img))).toList();
                outputs.add(out);
                rows.add(score(c.candidate().method(), c.candidate().params() + " (of " + c.candidatesTried() + ")", out, null));
            }
            log.update(level, SIGMAS.length, "denoise σ=" + sigma + ": diffusion");
            double sigmaModel = 2 * sigma;
            SamplerSettings dpm = base.withKind(SamplerKind.DPM_SOLVER_PP_2M).withSteps(dpmSteps);
            List<float[]> ours = BatchRunner.run(evalNoisy, size, size, batch, (x, n, k) -> new DenoiseTask(sigmaModel, 1)
                    .run(ctx.model(), dpm, x, n, size, size, new GaussianNoise(seedOf(1, level, k)), Progress.none(),
                            CancelToken.none()));
            SamplerSettings ddpm = base.withKind(SamplerKind.DDPM).withSteps(ddpmSteps);
            List<float[]> oursMean = BatchRunner.run(evalNoisy, size, size, batch, (x, n, k) -> new DenoiseTask(sigmaModel,
                    MEAN_OF).run(ctx.model(), ddpm, x, n, size, size, new GaussianNoise(seedOf(2, level, k)),
                    Progress.none(), CancelToken.none()));
            MethodScores o1 = score("**ours**", dpm.kind() + ", " + dpmSteps + " steps", ours, null);
            MethodScores o2 = score("**ours, mean of " + MEAN_OF + "**", ddpm.kind() + ", " + ddpmSteps + " steps each", oursMean, null);
            rows.add(o1);
            rows.add(o2);
            for (MethodScores m : rows) {
                t.row(String.valueOf(sigma), m.method(), m.params(), pm(m.meanPsnr(), m.semPsnr(), 2), pm(m.meanSsim(), m.semSsim(), 3));
                csv("denoise", "sigma=" + sigma, m);
            }
            MethodScores bestBase = best(rows.subList(1, 4));
            MethodScores bestOurs = o1.meanPsnr() >= o2.meanPsnr() ? o1 : o2;
            for (int k = 0; k < 4; k++) plotPsnr[k][level] = rows.get(k).meanPsnr();
            plotPsnr[4][level] = bestOurs.meanPsnr();
            if (sigma == 0.2) {
                gainTarget("Denoise σ = 0.2", "≥ 1 dB above the best classical baseline", bestOurs, bestBase, 1.0);
            }
            if (level == 1 || SIGMAS.length == 1) {
                panel("denoise_sigma" + sigma + ".png", "Denoise, σ = " + sigma + ": noisy input, best baseline ("
                                + bestBase.method() + "), ours (one run), ours (mean of " + MEAN_OF + "), clean reference",
                        new String[] {"noisy", bestBase.method(), "ours", "ours, mean", "reference"},
                        List.of(evalNoisy.stream().map(BatchRunner::clip01).toList(), outputs.get(rows.indexOf(bestBase) - 1),
                                ours, oursMean, evalClean), null);
            }
        }
        tableThenFigures(t);
        LinePlot plot = new LinePlot("Denoise: PSNR against noise level", "noise σ (fraction of the data range)", "PSNR (dB)", false);
        for (int k = 0; k < plotNames.length; k++) plot.series(plotNames[k], SIGMAS, plotPsnr[k]);
        plot.write(ctx.report().figurePath("denoise_psnr.png"));
        r.figure("denoise_psnr.png", "Denoise: mean PSNR against noise level, each baseline at its tuned parameters");
    }

    private List<float[]> noisy(List<float[]> clean, double sigma, int task, int level) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) out.add(Degradations.addGaussianNoise(clean.get(i), sigma, random(task, level, i)));
        return out;
    }

    // ---------------------------------------------------------------- super-resolution

    void superResolve() throws IOException {
        Report r = ctx.report();
        int dpmSteps = steps(20), meanSteps = steps(10);
        r.section("Super-resolve");
        r.paragraph(String.format(Locale.ROOT, "Low-resolution inputs made by average pooling ×%s of %d held-out test "
                        + "images; PSNR and SSIM of the %dx%d result. Baselines: bicubic (Keys, a = −0.5) and nearest "
                        + "neighbour, pixel-centre aligned. Ours: DDNM with A = average pooling (the result average-pools "
                        + "back to the input exactly), DPM-Solver++ %d steps, one run; and the mean of %d runs of %d "
                        + "steps from different initial noise.",
                joinInts(SCALES), evalClean.size(), size, size, dpmSteps, MEAN_OF, meanSteps));
        MarkdownTable t = new MarkdownTable("Scale", "Method", "PSNR (dB)", "SSIM");
        for (int lv = 0; lv < SCALES.length; lv++) {
            final int level = lv;
            int f = SCALES[level], small = size / f;
            if (small < 1 || size % f != 0) continue;
            log.update(level, SCALES.length, "super-resolve x" + f);
            List<float[]> low = evalClean.stream().map(img -> Degradations.averagePool(img, size, size, f)).toList();
            List<float[]> bicubic = low.stream().map(img -> BatchRunner.clip01(Upsample.bicubic(img, small, small, f))).toList();
            List<float[]> nearest = low.stream().map(img -> Upsample.nearest(img, small, small, f)).toList();
            SamplerSettings dpm = base.withKind(SamplerKind.DPM_SOLVER_PP_2M).withSteps(dpmSteps);
            SuperResolveTask task = new SuperResolveTask(f);
            List<float[]> ours = BatchRunner.run(low, small, size, batch, (x, n, k) -> task.run(ctx.model(), dpm, x, n,
                    small, small, new GaussianNoise(seedOf(3, level, k)), Progress.none(), CancelToken.none()));
            SamplerSettings fast = dpm.withSteps(meanSteps);
            List<float[]> oursMean = BatchRunner.run(low, small, size, batch, (x, n, k) -> meanOf(MEAN_OF, x, n, small * small,
                    size * size, rep -> task.run(ctx.model(), fast, rep, n * MEAN_OF, small, small,
                            new GaussianNoise(seedOf(4, level, k)), Progress.none(), CancelToken.none())));
            List<MethodScores> rows = List.of(score("Nearest neighbour", "", nearest, null), score("Bicubic", "", bicubic, null),
                    score("**ours**", "", ours, null), score("**ours, mean of " + MEAN_OF + "**", "", oursMean, null));
            for (MethodScores m : rows) {
                t.row("×" + f, m.method(), pm(m.meanPsnr(), m.semPsnr(), 2), pm(m.meanSsim(), m.semSsim(), 3));
                csv("superresolve", "x" + f, m);
            }
            MethodScores bestOurs = rows.get(2).meanPsnr() >= rows.get(3).meanPsnr() ? rows.get(2) : rows.get(3);
            if (f == 2) gainTarget("Super-resolve ×2", "≥ 1.5 dB above bicubic", bestOurs, rows.get(1), 1.5);
            List<float[]> lowShown = low.stream().map(img -> Upsample.nearest(img, small, small, f)).toList();
            panel("superresolve_x" + f + ".png", "Super-resolve ×" + f + ": input (shown enlarged), bicubic, ours (one run), "
                            + "ours (mean of " + MEAN_OF + "), reference",
                    new String[] {"input ×" + f, "bicubic", "ours", "ours, mean", "reference"},
                    List.of(lowShown, bicubic, ours, oursMean, evalClean), null);
        }
        tableThenFigures(t);
    }

    // ---------------------------------------------------------------- inpainting

    void inpaint() throws IOException {
        Report r = ctx.report();
        int dpmSteps = steps(20), meanSteps = steps(10);
        r.section("Inpaint");
        boolean[] box = Degradations.centreBox(size);
        r.paragraph(String.format(Locale.ROOT, "Holes: a centred %dx%d box (%.0f %% of the pixels), and random brush "
                        + "strokes (a new seeded pattern per image). Scores are computed **inside the hole only**: PSNR "
                        + "over the hole's pixels, SSIM as the mean of the SSIM map over the hole's pixels. Baseline: "
                        + "harmonic fill (the hole solves Laplace's equation with the known pixels as boundary). Ours: "
                        + "DDNM + RePaint-style re-noising of the known region, DPM-Solver++ %d steps, one run; and the "
                        + "mean of %d runs of %d steps. %d held-out test images.",
                3 * size / 8, 3 * size / 8, 100 * Degradations.coverage(box), dpmSteps, MEAN_OF, meanSteps, evalClean.size()));
        MarkdownTable t = new MarkdownTable("Hole", "Method", "PSNR in hole (dB)", "SSIM in hole", "Hole size");
        String[] kinds = {"centre box", "random strokes"};
        for (int level = 0; level < kinds.length; level++) {
            log.update(level, kinds.length, "inpaint: " + kinds[level]);
            List<boolean[]> holes = new ArrayList<>();
            double cover = 0;
            for (int i = 0; i < evalClean.size(); i++) {
                boolean[] h = level == 0 ? box : Degradations.randomStrokes(size, random(5, level, i));
                holes.add(h);
                cover += Degradations.coverage(h) / evalClean.size();
            }
            List<float[]> damaged = new ArrayList<>();
            for (int i = 0; i < evalClean.size(); i++) {
                float[] d = evalClean.get(i).clone();
                for (int j = 0; j < d.length; j++) if (holes.get(i)[j]) d[j] = 0;
                damaged.add(d);
            }
            List<float[]> harmonic = new ArrayList<>();
            for (int i = 0; i < damaged.size(); i++) harmonic.add(HarmonicFill.fill(damaged.get(i), size, size, holes.get(i)));
            SamplerSettings dpm = base.withKind(SamplerKind.DPM_SOLVER_PP_2M).withSteps(dpmSteps);
            SamplerSettings fast = dpm.withSteps(meanSteps);
            int lv = level;
            List<float[]> ours = BatchRunner.run(damaged, size, size, batch, (x, n, k) -> new InpaintTask().run(ctx.model(), dpm,
                    x, masks(holes, k * batch, n, 1), n, size, size, new GaussianNoise(seedOf(6, lv, k)), Progress.none(),
                    CancelToken.none()));
            List<float[]> oursMean = BatchRunner.run(damaged, size, size, batch, (x, n, k) -> meanOf(MEAN_OF, x, n, size * size,
                    size * size, rep -> new InpaintTask().run(ctx.model(), fast, rep, masks(holes, k * batch, n, MEAN_OF),
                            n * MEAN_OF, size, size, new GaussianNoise(seedOf(7, lv, k)), Progress.none(), CancelToken.none())));
            List<MethodScores> rows = List.of(score("Harmonic fill", "", harmonic, holes), score("**ours**", "", ours, holes),
                    score("**ours, mean of " + MEAN_OF + "**", "", oursMean, holes));
            for (MethodScores m : rows) {
                t.row(kinds[level], m.method(), pm(m.meanPsnr(), m.semPsnr(), 2), pm(m.meanSsim(), m.semSsim(), 3),
                        MarkdownTable.num(100 * cover, 0) + " %");
                csv("inpaint", kinds[level].replace(' ', '-'), m);
            }
            MethodScores bestOurs = rows.get(1).meanPsnr() >= rows.get(2).meanPsnr() ? rows.get(1) : rows.get(2);
            gainTarget("Inpaint, " + kinds[level], "≥ 1 dB above harmonic fill in the hole", bestOurs, rows.get(0), 1.0);
            panel("inpaint_" + kinds[level].replace(' ', '_') + ".png", "Inpaint, " + kinds[level]
                            + ": input (hole in red), harmonic fill, ours (one run), ours (mean of " + MEAN_OF + "), reference",
                    new String[] {"input", "harmonic", "ours", "ours, mean", "reference"},
                    List.of(damaged, harmonic, ours, oursMean, evalClean), holes);
        }
        tableThenFigures(t);
    }

    /** InpaintTask masks (1 = fill) for images [from, from+n), repeated {@code copies} times. */
    private float[] masks(List<boolean[]> holes, int from, int n, int copies) {
        int plane = size * size;
        float[] m = new float[copies * n * plane];
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < n; i++) {
                boolean[] h = holes.get(from + i);
                for (int j = 0; j < plane; j++) m[(c * n + i) * plane + j] = h[j] ? 1 : 0;
            }
        }
        return m;
    }

    /** Runs {@code task} once on {@code copies} stacked copies of the batch and averages the copies. */
    private static float[] meanOf(int copies, float[] x, int n, int inPer, int outPer,
                                  java.util.function.Function<float[], float[]> task) {
        float[] rep = new float[copies * n * inPer];
        for (int c = 0; c < copies; c++) System.arraycopy(x, 0, rep, c * n * inPer, n * inPer);
        float[] y = task.apply(rep);
        float[] mean = new float[n * outPer];
        for (int c = 0; c < copies; c++) for (int j = 0; j < n * outPer; j++) mean[j] += y[c * n * outPer + j] / copies;
        return mean;
    }

    // ---------------------------------------------------------------- shared

    private long seedOf(int task, int level, int batchIndex) {
        return ctx.settings().seed() * 7_919L + task * 1_000_000L + level * 10_000L + batchIndex;
    }

    private MethodScores score(String method, String params, List<float[]> out, List<boolean[]> holes) {
        MethodScores m = new MethodScores(method, params);
        for (int i = 0; i < out.size(); i++) {
            float[] a = out.get(i), b = evalClean.get(i);
            if (holes == null) {
                m.add(Psnr.compute(a, b, 1), Ssim.mean(a, b, size, size, 1));
            } else {
                m.add(Psnr.compute(a, b, holes.get(i), 1), Ssim.meanOver(a, b, size, size, 1, holes.get(i)));
            }
        }
        return m;
    }

    private static MethodScores best(List<MethodScores> rows) {
        MethodScores b = rows.get(0);
        for (MethodScores m : rows) if (m.meanPsnr() > b.meanPsnr()) b = m;
        return b;
    }

    private void gainTarget(String name, String goal, MethodScores ours, MethodScores baseline, double needed) {
        double gain = ours.meanPsnr() - baseline.meanPsnr();
        ctx.report().target(name, goal, String.format(Locale.ROOT, "%+.2f ± %.2f dB (%s %.2f vs %s %.2f)", gain,
                        ours.semDifference(baseline), ours.method().replace("*", ""), ours.meanPsnr(), baseline.method(),
                        baseline.meanPsnr()),
                gain >= needed, String.format(Locale.ROOT, "ours better on %.0f %% of %d images", 100 * ours.winRate(baseline),
                        ours.count()));
    }

    private void csv(String task, String setting, MethodScores m) {
        String method = m.method().replace("*", "").replace(",", "");
        ctx.report().csv().add("restoration", task, setting, method, "psnr_db", m.meanPsnr(), m.count());
        ctx.report().csv().add("restoration", task, setting, method, "psnr_sem", m.semPsnr(), m.count());
        ctx.report().csv().add("restoration", task, setting, method, "ssim", m.meanSsim(), m.count());
    }

    private void panel(String file, String caption, String[] titles, List<List<float[]>> columns, List<boolean[]> holes)
            throws IOException {
        ImagePanel p = new ImagePanel(80, 1, titles);
        for (int i = 0; i < Math.min(4, evalClean.size()); i++) {
            Object[] cells = new Object[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                cells[c] = c == 0 && holes != null ? new Object[] {columns.get(c).get(i), holes.get(i)} : columns.get(c).get(i);
            }
            p.row(size, cells);
        }
        p.write(ctx.report().figurePath(file));
        pendingFigures.add(new String[] {file, caption});
    }

    private void tableThenFigures(MarkdownTable t) {
        ctx.report().table(t);
        for (String[] f : pendingFigures) ctx.report().figure(f[0], f[1]);
        pendingFigures.clear();
    }

    private static String pm(double mean, double sem, int decimals) {
        return MarkdownTable.num(mean, decimals) + " ± " + MarkdownTable.num(sem, decimals);
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(v[i]);
        return sb.toString();
    }

    private static String joinInts(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : " and ×").append(v[i]);
        return sb.toString();
    }
}
