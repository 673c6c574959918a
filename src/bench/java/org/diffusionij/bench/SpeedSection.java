package org.diffusionij.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;

/**
 * The "Speed" part: Java + ONNX Runtime against the PyTorch reference sampler (numbers from
 * training/diffusion_ij_train/bench_torch.py, run just before in the same scripts/bench run),
 * network GFLOP/s against the SGEMM rate, and the share of time outside the network.
 */
final class SpeedSection {

    private SpeedSection() {
    }

    static void run(BenchContext ctx, SamplerSettings base, List<Path> torchFiles, Path torchCheckDir) throws IOException {
        BenchSettings s = ctx.settings();
        Report r = ctx.report();
        List<Properties> torch = new ArrayList<>();
        for (Path p : torchFiles) torch.add(read(p));
        Properties best = torch.stream()
                .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getProperty("images_per_second"))))
                .orElse(null);
        int batch = best != null ? intOf(best, "batch") : s.speedBatch();
        int steps = best != null ? intOf(best, "steps") : s.speedSteps();
        SamplerKind kind = best != null ? SamplerKind.parse(best.getProperty("sampler")) : SamplerKind.DPM_SOLVER_PP_2M;
        for (Properties p : torch) {
            if (intOf(p, "threads") != ctx.threads() || intOf(p, "batch") != batch || intOf(p, "steps") != steps
                    || SamplerKind.parse(p.getProperty("sampler")) != kind) {
                throw new IllegalArgumentException("the PyTorch runs must use this run's threads (" + ctx.threads()
                        + ") and one batch, step count and sampler; got threads " + p.getProperty("threads") + ", batch "
                        + p.getProperty("batch") + ", steps " + p.getProperty("steps") + ", " + p.getProperty("sampler"));
            }
        }
        SamplerSettings settings = base.withKind(kind).withSteps(steps);
        String loadBefore = Machine.loadAverage();
        SpeedBench.Result java = SpeedBench.run(ctx.model(), settings, batch, s.speedRepeats(), s.seed());
        double flops = best != null ? Double.parseDouble(best.getProperty("flops_per_image")) : Double.NaN;
        double sgemmPython = torch.stream().mapToDouble(p -> Double.parseDouble(p.getProperty("sgemm_gflops"))).max()
                .orElse(Double.NaN);
        Path matmul = best != null && torchCheckDir != null
                ? torchCheckDir.resolve("sgemm" + best.getProperty("sgemm_size") + ".onnx") : null;
        double sgemmOrt = matmul != null && Files.isRegularFile(matmul)
                ? OnnxSgemmRate.gflops(matmul, ctx.threads(), 10) : Double.NaN;
        double sgemm = Double.isNaN(sgemmOrt) ? sgemmPython : Math.max(sgemmPython, sgemmOrt);
        double callsPerRun = (double) batch * steps;

        r.section("Speed");
        r.paragraph(String.format(Locale.ROOT,
                "One sampler run of a batch of %d images, %s, %d threads on both sides (ONNX Runtime intra-op threads; "
                        + "`torch.set_num_threads` and OMP/BLAS thread variables), best of %d timed runs after one "
                        + "warm-up. Load average (1, 5, 15 min) when the Java runs started: %s.",
                batch, settings, ctx.threads(), s.speedRepeats(), loadBefore));
        MarkdownTable t = new MarkdownTable("Implementation", "Images/s", "Seconds per batch", "Java ÷ this",
                "GFLOP/s, whole run", "GFLOP/s, network only", "Time outside the network", "Load average after");
        t.row("Java + ONNX Runtime " + ctxRuntime(ctx), MarkdownTable.num(java.imagesPerSecond(), 2),
                MarkdownTable.num(java.bestSeconds(), 3), "1", MarkdownTable.num(flops * callsPerRun / java.bestSeconds() / 1e9, 1),
                MarkdownTable.num(java.networkGflops(flops), 1), MarkdownTable.num(100 * java.outsideShare(), 1) + " %",
                Machine.loadAverage());
        ResultsCsv csv = r.csv();
        String setting = kind + " " + steps + " steps batch " + batch;
        csv.add("speed", "sample", setting, "java-ort", "images_per_second", java.imagesPerSecond(), batch);
        csv.add("speed", "sample", setting, "java-ort", "outside_network_share", java.outsideShare(), batch);
        csv.add("speed", "sample", setting, "java-ort", "network_gflops", java.networkGflops(flops), batch);
        for (Properties p : torch) {
            double ips = Double.parseDouble(p.getProperty("images_per_second"));
            String label = "PyTorch " + p.getProperty("torch_version") + ", OMP_WAIT_POLICY " + p.getProperty("omp_wait_policy");
            t.row(label, MarkdownTable.num(ips, 2), MarkdownTable.num(batch / ips, 3),
                    MarkdownTable.num(java.imagesPerSecond() / ips, 2) + "×",
                    MarkdownTable.num(flops * callsPerRun / (batch / ips) / 1e9, 1), "not measured", "not measured",
                    p.getProperty("load_average"));
            csv.add("speed", "sample", setting, "pytorch-omp-" + p.getProperty("omp_wait_policy").toLowerCase(Locale.ROOT),
                    "images_per_second", ips, batch);
        }
        r.table(t);
        if (best != null) {
            csv.add("speed", "sgemm", best.getProperty("sgemm_size"), "numpy+torch", "gflops", sgemmPython, 1);
            csv.add("speed", "sgemm", best.getProperty("sgemm_size"), "onnxruntime", "gflops", sgemmOrt, 1);
            csv.add("speed", "network", "flops", "onnx-graph", "flops_per_image", flops, 1);
            r.paragraph(String.format(Locale.ROOT,
                    "Network: %s, %.3f GFLOP per %dx%d image (2 × multiply-accumulates of every Conv, MatMul and Gemm "
                            + "node of the ONNX graph). Machine SGEMM rate measured in the same run: %.1f GFLOP/s, the best of "
                            + "numpy (%.1f), torch.mm (%.1f) and ONNX Runtime's own MatMul (%.1f) on %sx%s float32 "
                            + "matrices, %d threads, best of 10 each. \"Network only\" is "
                            + "the FLOPs of all image evaluations divided by the time inside `EpsModel.predict`. The PyTorch "
                            + "network is rebuilt from the same ONNX file (%s); the Java/PyTorch ratio is taken against the "
                            + "faster PyTorch run.",
                    best.getProperty("architecture"), flops / 1e9, ctx.modelSize(), ctx.modelSize(), sgemm,
                    maxOf(torch, "sgemm_gflops_numpy"), maxOf(torch, "sgemm_gflops_torch"), sgemmOrt,
                    best.getProperty("sgemm_size"), best.getProperty("sgemm_size"), ctx.threads(), best.getProperty("weights")));
        } else {
            r.paragraph("No PyTorch measurement was given (scripts/bench runs bench_torch.py first and passes it with "
                    + "--torch): the comparison, the FLOP count and the SGEMM rate are missing from this report.");
        }
        if (torchCheckDir != null && Files.isRegularFile(torchCheckDir.resolve("eps.f32"))) {
            double diff = SpeedBench.maxDifferenceToTorch(ctx.model(), torchCheckDir);
            r.paragraph(String.format(Locale.ROOT, "Same network on both sides: on a seeded batch of 4 inputs (t = 0, 250, "
                    + "500, T-1) ONNX Runtime and the rebuilt PyTorch network differ by at most %.2e in ε.", diff));
            csv.add("speed", "check", "eps", "ort-vs-torch", "max_abs_diff", diff, 4);
        }
        double ratio = best != null ? java.imagesPerSecond() / Double.parseDouble(best.getProperty("images_per_second")) : Double.NaN;
        r.target("Java + ORT speed", "≥ 1.3 × PyTorch images/s", MarkdownTable.num(ratio, 2) + "×",
                best != null ? ratio >= 1.3 : null, "same network, sampler, steps, batch, threads; faster PyTorch run");
        double share = java.networkGflops(flops) / sgemm;
        r.target("Network efficiency", "≥ 75 % of SGEMM rate", MarkdownTable.num(100 * share, 0) + " % ("
                        + MarkdownTable.num(java.networkGflops(flops), 1) + " of " + MarkdownTable.num(sgemm, 1) + " GFLOP/s)",
                best != null ? share >= 0.75 : null, "batch " + batch + ", time inside the network call");
        r.target("Time outside the network", "(reported)", MarkdownTable.num(100 * java.outsideShare(), 1) + " %", null,
                "sampler arithmetic, noise, copies");
    }

    private static double maxOf(List<Properties> runs, String key) {
        return runs.stream().mapToDouble(p -> Double.parseDouble(p.getProperty(key))).max().orElse(Double.NaN);
    }

    private static String ctxRuntime(BenchContext ctx) {
        return "(" + ctx.model().device() + ")";
    }

    private static int intOf(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) throw new IllegalArgumentException("PyTorch timing file lacks '" + key + "'");
        return Integer.parseInt(v.trim());
    }

    static Properties read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no PyTorch timing file at " + file + " (bench_torch.py writes it; scripts/bench runs it)");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }
}
