package org.diffusionij.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.SamplerSettings;

/** The "Generate" part of the report: FD and KID per sampler against the real-data floor. */
final class GenerationSection {

    private static final int[] DDIM_STEPS = {50, 20, 10};
    private static final int[] DPM_STEPS = {25, 20, 10};

    private GenerationSection() {
    }

    static void run(BenchContext ctx, SamplerSettings base, Progress log) throws IOException {
        BenchSettings s = ctx.settings();
        Report r = ctx.report();
        FeatureSpace space = new FeatureSpace(ctx.classifier(), ctx.modelSize());
        int refCount = Math.min(s.refImages(), ctx.test().count());
        double[][] reference = space.ofUnitImages(ctx.testImages(0, refCount));
        int pool = Math.min(s.floorPool(), ctx.train().count());
        double[][] trainFeatures = space.ofUnitImages(ctx.trainImages(0, pool));
        int smallN = s.ddpmSamples();
        GenerationBench bench = new GenerationBench(ctx.model(), space, reference, smallN, s.genBatch(), s.seed(),
                s.kidSubsets());

        List<GenerationBench.Outcome> outcomes = new ArrayList<>();
        for (GenerationBench.Case c : GenerationBench.cases(base, s.ddpmSteps(), s.ddpmSamples(), DDIM_STEPS, DPM_STEPS,
                s.genSamples())) {
            log.update(outcomes.size(), 7, "generating: " + c.label() + " x " + c.samples());
            outcomes.add(bench.run(c, Progress.none(), CancelToken.none()));
        }
        GenerationBench.Floor floorSmall = bench.floor(trainFeatures, smallN, s.floorDraws());
        GenerationBench.Floor floorFull = bench.floor(trainFeatures, s.genSamples(), s.floorDraws());

        r.section("Generate: Fréchet distance and KID");
        r.paragraph(String.format(Locale.ROOT,
                "Unconditional samples from the model, compared with the first %d held-out test images in the feature "
                        + "space of the classifier `%s` (its `features` output, %d dimensions). The floor is what real "
                        + "data scores: random sets of the same size drawn from the first %d **training** images, "
                        + "against the same test reference (mean ± std over %d draws). Sampler settings: %s; every "
                        + "sampler starts sample i from the same initial noise (batch k seeded %d+k, batches of %d).",
                refCount, ctx.classifier().file().getFileName(), reference[0].length, pool, s.floorDraws(), base,
                s.seed(), s.genBatch()));
        r.paragraph(String.format(Locale.ROOT,
                "The Fréchet distance (FD) is biased upwards at small sample counts, so samplers are compared at equal "
                        + "count: FD@%d uses each sampler's first %d samples (the DDPM-%d count), FD@%d all samples of the "
                        + "cheap samplers. KID (unbiased MMD², cubic polynomial kernel, %d subsets of up to 1000) does not "
                        + "depend on the count in expectation; it is shown ×10³ with its std over subsets. Classes: how "
                        + "many of the classifier's classes the samples are assigned to (argmax of its logits), and the "
                        + "largest class's share (10 %% for balanced classes): a check for mode collapse.",
                smallN, smallN, s.ddpmSteps(), s.genSamples(), s.kidSubsets()));
        MarkdownTable t = new MarkdownTable("Sampler", "Network calls / image", "Samples",
                "FD@" + smallN, "FD@" + s.genSamples(), "KID ×10³", "Classes (largest share)", "Seconds", "Images/s");
        for (GenerationBench.Outcome o : outcomes) {
            GenerationBench.Scores sc = o.scores();
            t.row(o.c().label(), o.c().settings().steps(), o.c().samples(), MarkdownTable.num(sc.fdAtSmallN(), 2),
                    o.c().samples() >= s.genSamples() ? MarkdownTable.num(sc.fdAtFullN(), 2) : "–",
                    MarkdownTable.num(sc.kid().mean() * 1e3, 2) + " ± " + MarkdownTable.num(sc.kid().std() * 1e3, 2),
                    coverage(o.classes()), MarkdownTable.num(o.seconds(), 1), MarkdownTable.num(o.imagesPerSecond(), 2));
            ResultsCsv csv = r.csv();
            csv.add("generate", "generate", o.c().label(), o.c().settings().kind().toString(), "fd_at_" + smallN,
                    sc.fdAtSmallN(), smallN);
            csv.add("generate", "generate", o.c().label(), o.c().settings().kind().toString(), "fd_at_all",
                    sc.fdAtFullN(), o.c().samples());
            csv.add("generate", "generate", o.c().label(), o.c().settings().kind().toString(), "kid", sc.kid().mean(),
                    o.c().samples());
            csv.add("generate", "generate", o.c().label(), o.c().settings().kind().toString(), "kid_std", sc.kid().std(),
                    o.c().samples());
            csv.add("generate", "generate", o.c().label(), o.c().settings().kind().toString(), "images_per_second",
                    o.imagesPerSecond(), o.c().samples());
        }
        t.row("floor: real training images", "–", smallN + " / " + s.genSamples(),
                MarkdownTable.num(floorSmall.fdMean(), 2) + " ± " + MarkdownTable.num(floorSmall.fdStd(), 2),
                MarkdownTable.num(floorFull.fdMean(), 2) + " ± " + MarkdownTable.num(floorFull.fdStd(), 2),
                MarkdownTable.num(floorFull.kidMean() * 1e3, 2), "–", "–", "–");
        r.csv().add("generate", "floor", "train vs test", "real", "fd_at_" + smallN, floorSmall.fdMean(), smallN);
        r.csv().add("generate", "floor", "train vs test", "real", "fd_at_all", floorFull.fdMean(), s.genSamples());
        r.csv().add("generate", "floor", "train vs test", "real", "kid", floorFull.kidMean(), s.genSamples());
        r.table(t);

        figures(ctx, outcomes, floorSmall, smallN);
        target(r, outcomes, smallN, floorSmall);
    }

    /** "10 (14 %)": classes predicted at least once, and the share of the most frequent one. */
    private static String coverage(int[] histogram) {
        int covered = 0, max = 0, total = 0;
        for (int h : histogram) {
            if (h > 0) covered++;
            max = Math.max(max, h);
            total += h;
        }
        return covered + " of " + histogram.length + " (" + MarkdownTable.num(100.0 * max / total, 0) + " %)";
    }

    private static void figures(BenchContext ctx, List<GenerationBench.Outcome> outcomes, GenerationBench.Floor floor,
                                int smallN) throws IOException {
        Report r = ctx.report();
        LinePlot plot = new LinePlot("Fréchet distance at " + smallN + " samples", "network calls per image",
                "FD (classifier features)", true);
        for (String family : new String[] {"DDIM", "DPM-Solver++", "DDPM"}) {
            List<double[]> pts = new ArrayList<>();
            for (GenerationBench.Outcome o : outcomes) {
                if (o.c().label().startsWith(family + " ")) pts.add(new double[] {o.c().settings().steps(), o.scores().fdAtSmallN()});
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            plot.series(family, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
        }
        plot.reference("real-data floor", floor.fdMean());
        plot.write(r.figurePath("generate_fd.png"));
        r.figure("generate_fd.png", "FD at equal sample count against network calls per image; dashed: real training images");

        String[] titles = outcomes.stream().map(o -> o.c().label().replace("DPM-Solver++", "DPM++")).toArray(String[]::new);
        int size = ctx.modelSize();
        ImagePanel panel = new ImagePanel(64, 1, titles);
        int rows = outcomes.stream().mapToInt(GenerationBench.Outcome::shown).min().orElse(0);
        for (int i = 0; i < Math.min(rows, 8); i++) {
            Object[] cells = new Object[outcomes.size()];
            for (int k = 0; k < outcomes.size(); k++) {
                float[] img = new float[size * size];
                float[] src = outcomes.get(k).firstSamples();
                for (int j = 0; j < img.length; j++) img[j] = (src[i * size * size + j] + 1) / 2;
                cells[k] = img;
            }
            panel.row(size, cells);
        }
        panel.write(r.figurePath("generate_samples.png"));
        r.figure("generate_samples.png", "The first samples of each sampler; each row starts from the same initial noise");
    }

    private static void target(Report r, List<GenerationBench.Outcome> outcomes, int smallN, GenerationBench.Floor floor) {
        GenerationBench.Outcome ddpm = outcomes.stream().filter(o -> o.c().label().startsWith("DDPM")).findFirst().orElseThrow();
        GenerationBench.Outcome dpm20 = outcomes.stream().filter(o -> o.c().label().equals("DPM-Solver++ 20")).findFirst()
                .orElseThrow();
        double a = dpm20.scores().fdAtSmallN(), b = ddpm.scores().fdAtSmallN();
        double rel = a / b - 1;
        boolean met = rel <= 0.10;
        String note = String.format(Locale.ROOT, "at %d samples each (same initial noise); real-data floor %.2f ± %.2f",
                smallN, floor.fdMean(), floor.fdStd());
        if (!met) note += "; a gap is significant only if it exceeds the floor's spread across draws";
        r.target("Fast sampler quality", "DPM-Solver++ 20 FD ≤ 1.1 × " + ddpm.c().label() + " FD",
                String.format(Locale.ROOT, "%.2f vs %.2f (%+.1f%%)", a, b, 100 * rel), met, note);
    }
}
