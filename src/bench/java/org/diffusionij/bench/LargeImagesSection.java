package org.diffusionij.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import org.diffusionij.image.ImageFiles;

/**
 * "Large images" (issue 14 item 5): seconds per megapixel and peak RSS of one launcher call per
 * command in its default mode (and Denoise in sample mode) on 8-bit mosaics of test images, each
 * in a fresh child JVM ({@link LauncherProbe}) with the bench's model ({@code --model}; give
 * {@code models/general.onnx}, the restoration commands' default, to time what a user gets).
 */
final class LargeImagesSection {

    static final String MAX_HEAP = "-Xmx3g";
    static final double SIGMA = 0.1;

    /** One measured job: label, output side, input side, launcher arguments before --in/--out. */
    record Job(String label, int outSide, int inSide, String command, List<String> extra) {
    }

    private final BenchContext ctx;
    private final Launcher launcher;
    private final Path work;
    private final Progress log;

    interface Progress {
        void line(String s);
    }

    LargeImagesSection(BenchContext ctx, Launcher launcher, Path work, Progress log) throws IOException {
        this.ctx = ctx;
        this.launcher = launcher;
        this.work = Files.createDirectories(work);
        this.log = log;
    }

    void run(List<Job> jobs) throws IOException, InterruptedException {
        Report r = ctx.report();
        r.section("Large images: seconds per megapixel and peak memory");
        r.paragraph(String.format(Locale.ROOT, "One launcher call per row in a fresh JVM (%s, %d ONNX Runtime threads; "
                        + "`org.diffusionij.bench.LauncherProbe` runs `Main.execute` and reads its own VmHWM), the model "
                        + "of the header, default tiling. Inputs: 8-bit mosaics of test images (one per %dx%d cell); denoise "
                        + "inputs carry noise σ = %s of the range (clipped, rounded); super-resolve inputs are the mosaic "
                        + "average-pooled ×2; inpaint fills a centred box of a quarter of the side. Seconds include JVM "
                        + "start, model loading, reading and writing; s/MP is per output megapixel. Load average before "
                        + "and after each row; the machine is shared, so timings are noisy.",
                MAX_HEAP, ctx.threads(), ctx.modelSize(), ctx.modelSize(), SIGMA));
        MarkdownTable t = new MarkdownTable("Command (mode)", "Input", "Output", "Seconds", "s / MP (output)",
                "Peak RSS (MiB)", "Load before → after");
        double denoise2048 = Double.NaN, sampleSpm = Double.NaN, srSpm = Double.NaN, rss4096 = Double.NaN;
        double sample2048 = Double.NaN, sr2048 = Double.NaN;
        String load2048 = "", load4096 = "";
        for (Job j : jobs) {
            log.line("large images: " + j.label() + " " + j.inSide() + "² → " + j.outSide() + "²");
            Path in = input(j);
            Path out = work.resolve("large-out.tif");
            List<String> args = new ArrayList<>(List.of(j.command(), "--in", in.toString(), "--out", out.toString()));
            if (j.command().equals("inpaint")) args.addAll(List.of("--mask", mask(j.inSide()).toString()));
            args.addAll(j.extra());
            String before = Machine.loadAverage();
            Properties v = probe(launcher.args(args.toArray(new String[0])));
            String after = Machine.loadAverage();
            double sec = Double.parseDouble(v.getProperty("seconds"));
            double mp = j.outSide() * (double) j.outSide() / 1e6;
            t.row(j.label(), j.inSide() + "²", j.outSide() + "²", MarkdownTable.num(sec, 1), MarkdownTable.num(sec / mp, 2),
                    v.getProperty("peak_rss_mib"), before + " → " + after);
            log.line(String.format(Locale.ROOT, "large images: %s %d² → %d²: %.1f s, %.2f s/MP, peak RSS %s MiB, load %s → %s",
                    j.label(), j.inSide(), j.outSide(), sec, sec / mp, v.getProperty("peak_rss_mib"), before, after));
            String setting = j.inSide() + "to" + j.outSide();
            String method = j.label().replace(",", ";").replace(" ", "-");
            r.csv().add("large-images", j.command(), setting, method, "seconds", sec, 1);
            r.csv().add("large-images", j.command(), setting, method, "seconds_per_mp", sec / mp, 1);
            r.csv().add("large-images", j.command(), setting, method, "peak_rss_mib",
                    Double.parseDouble(v.getProperty("peak_rss_mib")), 1);
            Files.deleteIfExists(out);
            boolean mean = j.command().equals("denoise") && j.extra().isEmpty();
            if (mean && j.outSide() == 2048) {
                denoise2048 = sec;
                load2048 = before;
            }
            if (mean && j.outSide() == 4096) {
                rss4096 = Double.parseDouble(v.getProperty("peak_rss_mib"));
                load4096 = before;
            }
            boolean sample = j.command().equals("denoise") && !j.extra().isEmpty();
            boolean sr = j.command().equals("super-resolve");
            if (sample) sampleSpm = sec / mp;
            if (sr) srSpm = sec / mp;
            if (sample && j.outSide() == 2048) sample2048 = sec;
            if (sr && j.outSide() == 2048) sr2048 = sec;
        }
        double mp2048 = 2048 * 2048 / 1e6;
        target(r, "denoise 2048² 8-bit, default (mean)", "≤ 20 s", denoise2048, 20, "s", "measured; load " + load2048);
        target(r, "denoise 2048², sample mode 25 steps", "≤ 300 s", measuredOr(sample2048, sampleSpm * mp2048), 300, "s",
                Double.isFinite(sample2048) ? "measured" : "extrapolated: s/MP at the smaller side × 4.19 MP");
        target(r, "super-resolve ×2 of 1024² (2048² out), default", "≤ 120 s", measuredOr(sr2048, srSpm * mp2048), 120,
                "s", Double.isFinite(sr2048) ? "measured" : "extrapolated: s/MP of output at the smaller side × 4.19 MP");
        target(r, "4096² denoise (default), peak RSS", "< 1024 MiB", rss4096, 1024, "MiB", "child JVM " + MAX_HEAP
                + ", VmHWM; load " + load4096);
        r.table(t);
        r.paragraph("PyTorch on the same tiled job: not measured in this run (no time); the Speed section of "
                + "bench/report.md compares the two runtimes on the same network and sampler.");
    }

    private static double measuredOr(double measured, double extrapolated) {
        return Double.isFinite(measured) ? measured : extrapolated;
    }

    private static void target(Report r, String name, String goal, double value, double limit, String unit, String note) {
        boolean measured = Double.isFinite(value);
        r.target("Large images: " + name, goal, measured ? MarkdownTable.num(value, 1) + " " + unit : "not measured",
                measured ? value <= limit : null, measured ? note : "size not run (see --large-sizes)");
    }

    private Properties probe(List<String> launcherArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                MAX_HEAP, "-cp", System.getProperty("java.class.path"), LauncherProbe.class.getName()));
        cmd.addAll(launcherArgs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Properties v = new Properties();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            v.load(in);
        }
        int code = p.waitFor();
        if (code != 0) throw new IOException("the launcher probe (child JVM) failed with exit code " + code + ": " + cmd);
        return v;
    }

    /** The 8-bit input of a job, written once per (command kind, side). */
    private Path input(Job j) throws IOException {
        boolean noisy = j.command().equals("denoise");
        Path p = work.resolve((noisy ? "noisy-" : "clean-") + j.inSide() + ".tif");
        if (Files.exists(p)) return p;
        int side = j.inSide() * (j.outSide() / j.inSide());
        float[] img = MemoryProbe.mosaic(ctx.test(), side, ctx.modelSize());
        if (noisy) img = Degradations.addGaussianNoise(img, SIGMA, new SplittableRandom(ctx.settings().seed()));
        if (side != j.inSide()) img = Degradations.averagePool(img, side, side, side / j.inSide());
        byte[] b = new byte[img.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Math.max(0, Math.min(255, Math.round(255 * img[i])));
        ImageFiles.writeTiff(p, new ImagePlus(p.getFileName().toString(), new ByteProcessor(j.inSide(), j.inSide(), b)));
        return p;
    }

    private Path mask(int side) throws IOException {
        Path p = work.resolve("mask-" + side + ".tif");
        if (Files.exists(p)) return p;
        ByteProcessor m = new ByteProcessor(side, side);
        m.setValue(255);
        m.setRoi(side * 3 / 8, side * 3 / 8, side / 4, side / 4);
        m.fill();
        ImageFiles.writeTiff(p, new ImagePlus(p.getFileName().toString(), m));
        return p;
    }
}
