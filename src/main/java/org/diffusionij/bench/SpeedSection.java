package org.diffusionij.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static void run(BenchContext ctx, SamplerSettings base, Path torchProperties, Path torchCheckDir) throws IOException {
        BenchSettings s = ctx.settings();
        Report r = ctx.report();
        Properties torch = torchProperties != null && Files.isRegularFile(torchProperties) ? read(torchProperties) : null;
        int batch = torch != null ? Integer.parseInt(torch.getProperty("batch")) : s.speedBatch();
        int steps = torch != null ? Integer.parseInt(torch.getProperty("steps")) : s.speedSteps();
        SamplerKind kind = torch != null ? SamplerKind.parse(torch.getProperty("sampler")) : SamplerKind.DPM_SOLVER_PP_2M;
        if (torch != null && Integer.parseInt(torch.getProperty("threads")) != ctx.threads()) {
            throw new IllegalArgumentException("PyTorch ran with " + torch.getProperty("threads") + " threads but this run uses "
                    + ctx.threads() + ": give both the same --threads");
        }
        SamplerSettings settings = base.withKind(kind).withSteps(steps);
        String loadBefore = Machine.loadAverage();
        SpeedBench.Result java = SpeedBench.run(ctx.model(), settings, batch, s.speedRepeats(), s.seed());

        r.section("Speed");
        r.paragraph(String.format(Locale.ROOT,
                "One sampler run of a batch of %d images, %s, %d threads on both sides (ONNX Runtime intra-op threads; "
                        + "`torch.set_num_threads`), best of %d timed runs after one warm-up. Load average when the Java "
                        + "runs started: %s%s.",
                batch, settings, ctx.threads(), s.speedRepeats(), loadBefore,
                torch != null ? "; when PyTorch finished: " + torch.getProperty("load_average") : ""));
        MarkdownTable t = new MarkdownTable("Measure", "Java + ONNX Runtime", "PyTorch " + (torch != null ? torch.getProperty("torch_version") : ""), "Ratio");
        double torchIps = torch != null ? Double.parseDouble(torch.getProperty("images_per_second")) : Double.NaN;
        t.row("images/s (whole sampler run)", MarkdownTable.num(java.imagesPerSecond(), 2), MarkdownTable.num(torchIps, 2),
                MarkdownTable.num(java.imagesPerSecond() / torchIps, 2) + "×");
        t.row("seconds per batch (best)", MarkdownTable.num(java.bestSeconds(), 2),
                torch != null ? MarkdownTable.num(batch / torchIps, 2) : "n/a", "");
        t.row("share of time outside the network", MarkdownTable.num(100 * java.outsideShare(), 1) + " %", "not measured", "");
        double flops = torch != null ? Double.parseDouble(torch.getProperty("flops_per_image")) : Double.NaN;
        double gflops = java.networkGflops(flops);
        double sgemm = torch != null ? Double.parseDouble(torch.getProperty("sgemm_gflops")) : Double.NaN;
        t.row("network GFLOP/s", MarkdownTable.num(gflops, 1), MarkdownTable.num(flops * batch * steps / (batch / torchIps) / 1e9, 1)
                + " (whole run)", "");
        r.table(t);
        ResultsCsv csv = r.csv();
        csv.add("speed", "sample", settings.kind().toString() + " " + steps, "java-ort", "images_per_second", java.imagesPerSecond(), batch);
        csv.add("speed", "sample", settings.kind().toString() + " " + steps, "java-ort", "outside_network_share", java.outsideShare(), batch);
        csv.add("speed", "sample", settings.kind().toString() + " " + steps, "java-ort", "network_gflops", gflops, batch);
        if (torch != null) {
            csv.add("speed", "sample", settings.kind().toString() + " " + steps, "pytorch", "images_per_second", torchIps, batch);
            csv.add("speed", "sgemm", torch.getProperty("sgemm_size"), "numpy+torch", "gflops", sgemm, 1);
            r.paragraph(String.format(Locale.ROOT,
                    "Network: %s, %.3f GFLOP per %dx%d image (2 × multiply-accumulates of every Conv, MatMul and Gemm "
                            + "node of the ONNX graph). Machine SGEMM rate measured in the same run: %.1f GFLOP/s (best of "
                            + "numpy %.1f and torch.mm %.1f, %dx%d float32, %d threads). The Java network rate is the "
                            + "FLOPs of all image evaluations divided by the time inside `EpsModel.predict`. PyTorch "
                            + "network weights: %s.",
                    torch.getProperty("architecture"), flops / 1e9, ctx.modelSize(), ctx.modelSize(), sgemm,
                    Double.parseDouble(torch.getProperty("sgemm_gflops_numpy")),
                    Double.parseDouble(torch.getProperty("sgemm_gflops_torch")), Integer.parseInt(torch.getProperty("sgemm_size")),
                    Integer.parseInt(torch.getProperty("sgemm_size")), ctx.threads(), torch.getProperty("weights")));
        } else {
            r.paragraph("No PyTorch measurement was given (run through scripts/bench, which runs bench_torch.py first): "
                    + "the comparison, FLOP count and SGEMM rate are missing from this report.");
        }
        if (torchCheckDir != null && Files.isRegularFile(torchCheckDir.resolve("eps.f32"))) {
            double diff = SpeedBench.maxDifferenceToTorch(ctx.model(), torchCheckDir);
            r.paragraph(String.format(Locale.ROOT, "Same network on both sides: on a seeded batch of 4 inputs (t = 0, 250, "
                    + "500, T-1) ONNX Runtime and the rebuilt PyTorch network differ by at most %.2e in ε.", diff));
            csv.add("speed", "check", "eps", "ort-vs-torch", "max_abs_diff", diff, 4);
        }
        double ratio = java.imagesPerSecond() / torchIps;
        r.target("Java + ORT speed", "≥ 1.3 × PyTorch images/s", MarkdownTable.num(ratio, 2) + "×",
                torch != null ? ratio >= 1.3 : null, "same network, sampler, steps, batch, threads");
        double share = gflops / sgemm;
        r.target("Network efficiency", "≥ 75 % of SGEMM rate", MarkdownTable.num(100 * share, 0) + " % ("
                        + MarkdownTable.num(gflops, 1) + " of " + MarkdownTable.num(sgemm, 1) + " GFLOP/s)",
                torch != null ? share >= 0.75 : null, "batch " + batch + ", network time only");
    }

    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }
}
