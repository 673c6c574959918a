package org.diffusionij.model;

import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.diffusionij.control.CancelToken;

/**
 * Not a test: times network calls of {@link OnnxEpsModel} (reused zero-copy buffers, pinned
 * output) against a naive runner that makes new tensors from arrays and copies the result every
 * call. Usage (after mvn test-compile):
 * {@code java -cp target/classes:target/test-classes:target/lib/* org.diffusionij.model.RunnerBenchmark
 * MODEL.onnx SIZE THREADS REPS BATCH...}
 */
public final class RunnerBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Paths.get(args[0]);
        int size = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]), reps = Integer.parseInt(args[3]);
        long t0 = System.nanoTime();
        try (OnnxEpsModel model = OnnxEpsModel.load(file, Device.CPU, Map.of(), threads, System.err::println)) {
            System.out.printf(Locale.ROOT, "%s: load %.0f ms, %s, size %dx%d%n", file.getFileName(),
                    (System.nanoTime() - t0) / 1e6, model.device(), size, size);
            int c = model.metadata().channels();
            for (int i = 4; i < args.length; i++) {
                int n = Integer.parseInt(args[i]);
                float[] x = new float[n * c * size * size], t = new float[n], eps = new float[x.length];
                Random r = new Random(1);
                for (int k = 0; k < x.length; k++) x[k] = (float) r.nextGaussian();
                Arrays.fill(t, 500);
                model.predict(x, t, n, size, size, eps, CancelToken.none());  // warm-up, allocation
                double[] runner = time(reps, () -> model.predict(x, t, n, size, size, eps, CancelToken.none()));
                double[] naive = time(reps, () -> naive(model, x, t, n, c, size, eps));
                System.out.printf(Locale.ROOT, "  batch %2d: median %8.2f ms/call, %7.2f ms/image; CPU %8.2f ms/call "
                                + "(%.2f cores busy) | naive new-tensor runner: median %8.2f ms/call, CPU %8.2f ms/call%n",
                        n, runner[0], runner[0] / n, runner[2], runner[1], naive[0], naive[2]);
            }
        }
    }

    /** Median wall ms per call and average CPU cores busy (process CPU time / wall time). */
    private static double[] time(int reps, Runnable call) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] ms = new double[reps];
        long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        long cpu = os.getProcessCpuTime() - cpu0;
        double cores = (double) cpu / (System.nanoTime() - wall0);
        Arrays.sort(ms);
        return new double[] {ms[reps / 2], cores, cpu / 1e6 / reps};
    }

    private static OrtSession sessionOf(OnnxEpsModel model) {
        try {
            java.lang.reflect.Field f = OnnxEpsModel.class.getDeclaredField("session");
            f.setAccessible(true);
            return (OrtSession) f.get(model);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a runner without buffer reuse does: new tensors (copies) in, a new result out, every call. */
    private static void naive(OnnxEpsModel model, float[] x, float[] t, int n, int c, int s, float[] eps) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, c, s, s});
             OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(t), new long[] {n});
             OrtSession.Result r = sessionOf(model).run(Map.of("x", xt, "t", tt))) {
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(eps);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
