package org.diffusionij.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** The "Memory" part: peak memory of a large tiled denoise, measured in a child JVM. */
final class MemorySection {

    static final double SIGMA = 0.1;
    static final int STEPS = 1;
    static final String MAX_HEAP = "-Xmx3g";

    private MemorySection() {
    }

    static void run(BenchContext ctx, Path model, Path data) throws IOException, InterruptedException {
        int size = ctx.settings().memorySize();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                MAX_HEAP, "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), model.toString(),
                data.toString(), Integer.toString(size), Double.toString(SIGMA), Integer.toString(STEPS),
                Integer.toString(ctx.threads()), Long.toString(ctx.settings().seed())));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Properties v = new Properties();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            v.load(in);
        }
        int code = p.waitFor();
        if (code != 0) throw new IOException("the memory probe (child JVM) failed with exit code " + code);
        Report r = ctx.report();
        r.section("Memory: tiled denoise of a " + size + "x" + size + " image");
        r.paragraph(String.format(Locale.ROOT, "A %dx%d mosaic of test images with noise σ = %s, denoised by the tiled "
                        + "model (tiles of %s px overlapping by %s, %s tiles per network call) in a fresh JVM (%s, %d "
                        + "threads), DPM-Solver++ %s step(s) from the noise level: enough to allocate every buffer of a "
                        + "run of any length, since the loop allocates its buffers once per run. Peak RSS is the "
                        + "kernel's high-water mark of the child's resident memory (VmHWM: heap, JVM, ONNX Runtime's "
                        + "native arena, libraries); the heap figure is the sum of the heap pools' peaks (an upper bound "
                        + "of the heap's peak). One %dx%d float image is %.1f MiB.",
                size, size, SIGMA, v.getProperty("tile"), v.getProperty("overlap"), v.getProperty("tile_batch"), MAX_HEAP,
                ctx.threads(), v.getProperty("steps"), size, size, size * (double) size * 4 / 1048576));
        MarkdownTable t = new MarkdownTable("Peak RSS (MiB)", "RSS after loading (MiB)", "Heap peak (MiB)", "Seconds",
                "PSNR noisy → denoised (dB)");
        t.row(v.getProperty("peak_rss_mib"), v.getProperty("rss_before_run_mib"), v.getProperty("heap_peak_mib"),
                v.getProperty("seconds"), v.getProperty("psnr_noisy") + " → " + v.getProperty("psnr_denoised"));
        r.table(t);
        for (String key : new String[] {"peak_rss_mib", "heap_peak_mib", "seconds", "psnr_denoised"}) {
            r.csv().add("memory", "tiled-denoise", size + "x" + size, "java-ort", key, Double.parseDouble(v.getProperty(key)), 1);
        }
        r.target("Peak memory, " + size + "² tiled denoise", "(reported)", v.getProperty("peak_rss_mib") + " MiB RSS", null,
                "child JVM " + MAX_HEAP + ", VmHWM");
    }
}
