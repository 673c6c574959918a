package org.diffusionij.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.model.Device;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.DenoiseTask;
import org.diffusionij.model.TiledEpsModel;

/**
 * Child-process half of the memory measurement: one tiled denoise of a large mosaic of test
 * images in a fresh JVM, then the process's peak resident set size (VmHWM) and the heap pools'
 * peaks, printed as key=value lines. A fresh JVM so nothing else the benchmark did counts.
 *
 * <p>Arguments: MODEL DATA_DIR SIZE SIGMA STEPS THREADS SEED
 */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: MemoryProbe MODEL DATA_DIR SIZE SIGMA STEPS THREADS SEED");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        double sigma = Double.parseDouble(args[3]);
        int steps = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);
        double rssBefore;
        try (OnnxEpsModel eps = OnnxEpsModel.load(model, Device.CPU, Map.of(), threads, msg -> { })) {
            int s = eps.metadata().sampleSize();
            IdxImages test = IdxImages.read(data.resolve("t10k-images-idx3-ubyte.gz"));
            float[] clean = mosaic(test, size, s);
            float[] noisy = new float[clean.length];
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] unitNoisy = Degradations.addGaussianNoise(clean, sigma, rnd);
            for (int i = 0; i < noisy.length; i++) noisy[i] = 2 * unitNoisy[i] - 1;
            TiledEpsModel tiled = TiledEpsModel.withDefaults(eps);
            TimedEpsModel timed = new TimedEpsModel(tiled);
            rssBefore = Machine.peakRssMiB();
            long t0 = System.nanoTime();
            SamplerSettings settings = SamplerSettings.defaults().withKind(SamplerKind.DPM_SOLVER_PP_2M).withSteps(steps);
            float[] out = new DenoiseTask(2 * sigma, 1).run(timed, settings, noisy, 1, size, size, new GaussianNoise(seed),
                    Progress.none(), CancelToken.none());
            double seconds = (System.nanoTime() - t0) / 1e9;
            float[] unitOut = new float[out.length];
            for (int i = 0; i < out.length; i++) unitOut[i] = BatchRunner.clip01((out[i] + 1) / 2);
            double heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) heapPeak += pool.getPeakUsage().getUsed() / 1048576.0;
            }
            System.out.printf(Locale.ROOT, "size=%d%ntile=%d%noverlap=%d%ntile_batch=%d%nsteps=%d%nseconds=%.2f%n"
                            + "peak_rss_mib=%.1f%nrss_before_run_mib=%.1f%nheap_peak_mib=%.1f%nmax_heap_mib=%.1f%n"
                            + "psnr_noisy=%.3f%npsnr_denoised=%.3f%n",
                    size, tiled.tile(), tiled.overlap(), tiled.tileBatch(), steps, seconds, Machine.peakRssMiB(), rssBefore,
                    heapPeak, Runtime.getRuntime().maxMemory() / 1048576.0,
                    Psnr.compute(BatchRunner.clip01(unitNoisy), clean, 1), Psnr.compute(unitOut, clean, 1));
        }
    }

    /** size x size of test images (at the model's size s), row by row, cycling through the set. */
    static float[] mosaic(IdxImages test, int size, int s) {
        float[] out = new float[size * size];
        int per = size / s + (size % s == 0 ? 0 : 1), k = 0;
        for (int by = 0; by < per; by++) {
            for (int bx = 0; bx < per; bx++, k++) {
                float[] img = test.image(k % test.count(), Math.max(32, s), s);
                for (int y = 0; y < s && by * s + y < size; y++) {
                    for (int x = 0; x < s && bx * s + x < size; x++) out[(by * s + y) * size + bx * s + x] = img[y * s + x];
                }
            }
        }
        return out;
    }
}
