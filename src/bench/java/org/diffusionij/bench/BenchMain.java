package org.diffusionij.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.diffusionij.control.Progress;
import org.diffusionij.model.Device;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.model.OnnxFeatureExtractor;
import org.diffusionij.sampler.SamplerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark (scripts/bench runs it): restoration quality against classical baselines on
 * held-out Fashion-MNIST, generation quality (FD, KID), speed against PyTorch and peak memory of a
 * large tiled denoise; writes report.md, figures/ and results.csv.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a Diffusion-IJ model on held-out Fashion-MNIST and write a Markdown report.")
public final class BenchMain implements Callable<Integer> {

    /** Parts of the benchmark, in report order. */
    public enum Part { SPEED, DENOISE, SUPERRESOLVE, INPAINT, PRODUCT, GENERATE, MEMORY, LARGE }

    @Option(names = "--model", description = "diffusion model (ONNX, diffusion_ij contract); default: ${DEFAULT-VALUE}")
    Path model = Path.of("models/fashion-mnist-32.onnx");

    @Option(names = "--classifier", description = "feature network for FD/KID; default: ${DEFAULT-VALUE}")
    Path classifier = Path.of("models/fashion-mnist-classifier.onnx");

    @Option(names = "--data", description = "folder with Fashion-MNIST's IDX files; default: ${DEFAULT-VALUE}")
    Path data = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--out", description = "report folder; default: ${DEFAULT-VALUE}")
    Path out = Path.of("bench");

    @Option(names = "--torch", description = "PyTorch timings (a .properties file bench_torch.py writes); repeatable")
    List<Path> torch = new ArrayList<>();

    @Option(names = "--torch-check", description = "folder with bench_torch.py's seeded forward pass (x/t/eps.f32)")
    Path torchCheck;

    @Option(names = "--quick", description = "tiny counts: proves the plumbing in seconds; numbers mean nothing")
    boolean quick;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads; default: all available processors")
    Integer threads;

    /** PRODUCT and LARGE (launcher calls on files, child JVMs) are opt-in: they add several minutes to a full run. */
    @Option(names = "--parts", split = ",", description = "parts to run: ${COMPLETION-CANDIDATES}; default all but "
            + "PRODUCT and LARGE (the product path through the launcher and the large-images table)")
    EnumSet<Part> parts = EnumSet.complementOf(EnumSet.of(Part.PRODUCT, Part.LARGE));

    @Option(names = "--eval-images", description = "images per restoration task and level (overrides the preset)")
    Integer evalImages;

    @Option(names = "--samples", description = "samples per cheap sampler (overrides the preset)")
    Integer samples;

    @Option(names = "--ddpm-samples", description = "DDPM samples, also the equal-count FD (overrides the preset)")
    Integer ddpmSamples;

    @Option(names = "--product-images", description = "images per setting of the product-path section; default: "
            + "${DEFAULT-VALUE} (4 with --quick)")
    int productImages = 50;

    @Option(names = "--large-sizes", split = ",", description = "image sides of the large-images section for denoise "
            + "in its default mode; the other commands run at the first; default: ${DEFAULT-VALUE} (64 with --quick)")
    List<Integer> largeSizes = new ArrayList<>(List.of(512, 2048));

    @Option(names = "--notes", description = "Markdown file appended to the report (analysis written by a person)")
    Path notes;

    @Option(names = "--started", description = "epoch seconds when the whole run (scripts/bench, PyTorch part "
            + "included) started; for the run time in the report")
    Long started;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Instant start = Instant.now();
        BenchSettings s = (quick ? BenchSettings.quick() : BenchSettings.full()).withCounts(evalImages, samples, ddpmSamples);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Progress log = (done, total, message) -> System.err.printf(Locale.ROOT, "[%5.0fs] %s%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0, message);
        Report report = new Report(out);
        String loadAtStart = Machine.loadAverage();
        try (OnnxEpsModel eps = OnnxEpsModel.load(model, Device.CPU, Map.of(), nThreads, msg -> { });
             OnnxFeatureExtractor features = parts.contains(Part.GENERATE) ? OnnxFeatureExtractor.load(classifier, nThreads) : null) {
            ModelMetadata meta = eps.metadata();
            IdxImages test = IdxImages.read(data.resolve("t10k-images-idx3-ubyte.gz"));
            IdxImages train = parts.contains(Part.GENERATE) ? IdxImages.read(data.resolve("train-images-idx3-ubyte.gz")) : null;
            BenchContext ctx = new BenchContext(s, eps, features, test, train, meta.sampleSize(), nThreads, report);
            SamplerSettings base = SamplerSettings.defaults().withFixedLargeVariance(meta.fixedLargeVariance());
            header(report, s, eps, meta, nThreads, loadAtStart);
            if (parts.contains(Part.SPEED)) {
                log.update(0, 1, "speed");
                SpeedSection.run(ctx, base, torch, torchCheck);
            }
            RestorationSection restoration = new RestorationSection(ctx, base, log, quick);
            if (parts.contains(Part.DENOISE)) restoration.denoise();
            if (parts.contains(Part.SUPERRESOLVE)) restoration.superResolve();
            if (parts.contains(Part.INPAINT)) restoration.inpaint();
            Launcher launcher = new Launcher(model, nThreads);
            if (parts.contains(Part.PRODUCT)) {
                ProductPathSection product = new ProductPathSection(ctx, launcher, out.resolve("work/product-path"), log,
                        quick ? 4 : productImages);
                product.run();
                log.update(1, 1, "product path: " + product.summary());
            }
            if (parts.contains(Part.GENERATE)) GenerationSection.run(ctx, base, log);
            if (parts.contains(Part.MEMORY)) {
                log.update(0, 1, "memory: tiled denoise of " + s.memorySize() + "x" + s.memorySize() + " in a child JVM");
                MemorySection.run(ctx, model, data);
            }
            if (parts.contains(Part.LARGE)) {
                new LargeImagesSection(ctx, launcher, out.resolve("work/large"), line -> log.update(0, 1, line))
                        .run(largeJobs(quick ? List.of(64) : largeSizes));
            }
        }
        Instant whole = started != null ? Instant.ofEpochSecond(started) : start;
        report.headerLine(String.format(Locale.ROOT, "- **Run time**: %.1f min%s; load average (1, 5, 15 min) at the start "
                        + "of the Java part %s, at the end %s.",
                Duration.between(whole, Instant.now()).toMillis() / 60000.0,
                started != null ? " (PyTorch part included)" : " (Java part)", loadAtStart, Machine.loadAverage()));
        if (notes != null) report.section("Analysis").paragraph(Files.readString(notes).trim());
        report.write();
        log.update(1, 1, "wrote " + out.resolve("report.md"));
        return 0;
    }

    private static final String SR_DEFAULT = "super-resolve ×2 (default: mean of 4, 2 steps each)";

    /**
     * Denoise (default) at every side; denoise sample mode and the other commands' defaults at the first;
     * at 2048 also sample mode and super-resolve of 1024² (the targets).
     */
    private static List<LargeImagesSection.Job> largeJobs(List<Integer> sides) {
        List<LargeImagesSection.Job> jobs = new ArrayList<>();
        int s = sides.get(0);
        jobs.add(new LargeImagesSection.Job("denoise (default: mean)", s, s, "denoise", List.of()));
        jobs.add(new LargeImagesSection.Job("denoise (sample, 25 steps)", s, s, "denoise", List.of("--estimate", "sample")));
        jobs.add(new LargeImagesSection.Job(SR_DEFAULT, s, s / 2, "super-resolve", List.of()));
        jobs.add(new LargeImagesSection.Job("inpaint (default: one sample)", s, s, "inpaint", List.of()));
        jobs.add(new LargeImagesSection.Job("img2img (default)", s, s, "img2img", List.of()));
        // The big sides last: the longest runs.
        for (int side : sides.subList(1, sides.size())) {
            jobs.add(new LargeImagesSection.Job("denoise (default: mean)", side, side, "denoise", List.of()));
            if (side == 2048) {  // the targets at their own size, measured rather than extrapolated
                jobs.add(new LargeImagesSection.Job("denoise (sample, 25 steps)", side, side, "denoise",
                        List.of("--estimate", "sample")));
                jobs.add(new LargeImagesSection.Job(SR_DEFAULT, side, side / 2, "super-resolve", List.of()));
            }
        }
        return jobs;
    }

    private void header(Report r, BenchSettings s, OnnxEpsModel eps, ModelMetadata meta, int nThreads, String load) {
        Map<String, String> raw = meta.raw();
        if (quick) r.headerLine("> **Quick run** (`--quick`): tiny counts that only prove the plumbing; the numbers mean nothing.\n");
        r.headerLine("- **Machine**: " + Machine.describe() + "; ONNX Runtime " + eps.runtimeVersion() + " on "
                + eps.device() + ".");
        r.headerLine(String.format(Locale.ROOT, "- **Model**: `%s` — %s; %s; %s parameters; trained %s steps (EMA %s) on %s; "
                        + "%s schedule, T = %d, %s variance, %dx%d, created %s.",
                model, meta.name(), raw.getOrDefault("model.architecture", "?"), raw.getOrDefault("model.parameters", "?"),
                raw.getOrDefault("model.train_steps", "?"), raw.getOrDefault("model.ema_decay", "?"),
                raw.getOrDefault("model.dataset", "?"), raw.getOrDefault("beta_schedule", "?"), meta.numTrainTimesteps(),
                meta.fixedLargeVariance() ? "fixed_large" : "fixed_small", meta.sampleSize(), meta.sampleSize(),
                raw.getOrDefault("model.created", "?")));
        r.headerLine(String.format(Locale.ROOT, "- **Data**: Fashion-MNIST test set (`%s`), never seen in training; 28x28 "
                        + "centred on 32x32 (background 0)%s, values in [0, 1] (data range 1 for PSNR/SSIM). Baselines are "
                        + "tuned on test images 0..%d, restoration is evaluated on test images %d..%d.",
                data.resolve("t10k-images-idx3-ubyte.gz"),
                meta.sampleSize() < 32 ? ", average-pooled to " + meta.sampleSize() + "x" + meta.sampleSize() : "",
                s.tuneImages() - 1, s.evalStart(), s.evalStart() + s.evalImages() - 1));
        r.headerLine(String.format(Locale.ROOT, "- **Settings**: seed %d for every random choice (noise, masks, samples, "
                        + "KID subsets); %d threads; parts %s. Restoration: %d images per task and level, batches of %d. "
                        + "Generation: %d samples per DDIM / DPM-Solver++ setting, %d for DDPM-%d, batches of %d; "
                        + "reference: the first %d test images; floor: %d draws from the first %d training images; KID: "
                        + "%d subsets. Speed: best of %d. Memory: %dx%d.",
                s.seed(), nThreads, parts, s.evalImages(), s.genBatch(), s.genSamples(), s.ddpmSamples(), s.ddpmSteps(),
                s.genBatch(), s.refImages(), s.floorDraws(), s.floorPool(), s.kidSubsets(), s.speedRepeats(),
                s.memorySize(), s.memorySize()));
    }
}
