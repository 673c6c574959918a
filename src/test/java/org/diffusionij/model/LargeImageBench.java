package org.diffusionij.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

import org.diffusionij.control.CancelToken;
import org.diffusionij.sampler.GaussianNoise;

/**
 * Not a test: one network evaluation of a SIDE² image through {@link TiledEpsModel#withDefaults}
 * (what a one-call posterior-mean denoise costs), timed: wall time, and with THREADS = 1 the calling
 * thread's CPU time, which is all the work whatever else runs on the machine.
 * Usage: {@code java -cp ... org.diffusionij.task.LargeImageBench MODEL.onnx SIDE THREADS REPEATS [TILE OVERLAP PER_CALL]}
 * (the last three instead of the defaults).
 */
public final class LargeImageBench {

    public static void main(String[] args) {
        int side = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]), repeats = Integer.parseInt(args[3]);
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        try (OnnxEpsModel model = OnnxEpsModel.load(Paths.get(args[0]), Device.CPU, Map.of(), threads, System.err::println)) {
            TiledEpsModel tiled = args.length > 6
                    ? new TiledEpsModel(model, Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]))
                    : TiledEpsModel.withDefaults(model);
            float[] x = new float[side * side], eps = new float[x.length];
            new GaussianNoise(3).fill(x);
            for (int i = 0; i < x.length; i++) x[i] *= 0.5f;
            float[] t = {115.5f};
            tiled.predict(x, t, 1, side, side, eps, CancelToken.none());   // warm-up
            for (int r = 0; r < repeats; r++) {
                long c0 = tm.getCurrentThreadCpuTime(), s0 = System.nanoTime();
                tiled.predict(x, t, 1, side, side, eps, CancelToken.none());
                double wall = (System.nanoTime() - s0) / 1e9, cpu = (tm.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "%dx%d, %s: wall %.2f s, calling-thread CPU %.2f s, output share %.1f %%, "
                                + "load %s%n", side, side, tiled.device(), wall, cpu, 100 * tiled.outputShare(side, side),
                        TileBench.load());
            }
        }
    }
}
