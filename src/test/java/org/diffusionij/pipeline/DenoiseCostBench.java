package org.diffusionij.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import ij.ImagePlus;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.image.IntensityRange;
import org.diffusionij.model.Device;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.task.Estimate;
import org.diffusionij.task.NoiseLevel;

/**
 * Not a test: where default Denoise's time goes on one image, in the calling thread's CPU time
 * (ONNX Runtime with 1 thread runs on it, so this is all the work whatever else the machine does):
 * the whole run, and the network calls grouped by tile shape (64² crops: the σ refinement; the
 * rest: the posterior mean over the image's tiles). Runs the image twice, σ estimated (the
 * default) and σ given, after one warm-up run of the second.
 * Usage: {@code java -cp ... org.diffusionij.pipeline.DenoiseCostBench MODEL.onnx IMAGE.tif SIGMA}
 */
public final class DenoiseCostBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Adds up the calling thread's CPU time and pixels per network input shape. */
    private static final class Counting implements EpsModel {
        final EpsModel base;
        final Map<String, double[]> byShape = new TreeMap<>();

        Counting(EpsModel base) {
            this.base = base;
        }

        @Override
        public ModelMetadata metadata() {
            return base.metadata();
        }

        @Override
        public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
            long c0 = CPU.getCurrentThreadCpuTime();
            base.predict(x, t, n, h, w, eps, cancel);
            double[] s = byShape.computeIfAbsent(h + "x" + w, k -> new double[3]);
            s[0] += (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
            s[1] += 1;
            s[2] += (double) n * h * w;
        }

        @Override
        public String device() {
            return base.device();
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        ImagePlus img = ImageFiles.open(Paths.get(args[1]));
        double sigma = Double.parseDouble(args[2]);
        try (OnnxEpsModel model = OnnxEpsModel.load(Paths.get(args[0]), Device.CPU, Map.of(), 1, m -> { })) {
            for (String run : new String[] {"warm-up (sigma given)", "sigma estimated (default)", "sigma given"}) {
                Counting counting = new Counting(model);
                ImagePipeline p = new ImagePipeline(counting, Progress.none(), CancelToken.none(), line -> { });
                Optional<NoiseLevel> level = run.contains("given") ? Optional.of(NoiseLevel.given(sigma)) : Optional.empty();
                DenoiseOperation op = new DenoiseOperation(level, Estimate.MEAN, 1, false, DiffusionOptions.defaults());
                long c0 = CPU.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                p.restore(img, op, IntensityRange.AUTO);
                double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9, wall = (System.nanoTime() - w0) / 1e9;
                StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s, %s: CPU %.2f s (wall %.2f s)",
                        img.getTitle(), run, cpu, wall));
                double net = 0;
                for (Map.Entry<String, double[]> e : counting.byShape.entrySet()) {
                    double[] v = e.getValue();
                    net += v[0];
                    s.append(String.format(Locale.ROOT, "; tiles %s: %.0f calls, %.2f MP, %.2f s", e.getKey(), v[1],
                            v[2] / 1e6, v[0]));
                }
                s.append(String.format(Locale.ROOT, "; outside the network %.2f s", cpu - net));
                System.out.println(s);
            }
        }
    }
}
