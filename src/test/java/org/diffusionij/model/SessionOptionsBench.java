package org.diffusionij.model;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * Not a test: A/B timings of ONNX Runtime CPU session options on one network and one batch
 * shape. Every variant gets its own session; the variants are timed interleaved (round r times
 * A, B, C, ... in turn), so a load change on the shared machine hits all of them alike. Prints
 * per variant the median over rounds of each round's median ms/call, the spread (min..max of
 * the round medians), the ratio to the first variant, and process CPU cores busy while it ran.
 * Session start times (create + first run) are measured separately, also interleaved.
 *
 * <p>Usage (after mvn test-compile; CP from {@code mvn dependency:build-classpath}):
 * {@code java -cp target/classes:target/test-classes:$CP org.diffusionij.model.SessionOptionsBench
 * MODEL.onnx N SIZE THREADS ROUNDS CALLS [VARIANT...]}. Without variants all are run.
 */
public final class SessionOptionsBench {

    /** One way to configure a session. */
    interface Variant {
        void apply(SessionOptions o, Path model, Path scratch) throws OrtException;
    }

    static Map<String, Variant> variants(int threads, int n, int size) {
        Map<String, Variant> v = new LinkedHashMap<>();
        v.put("current", (o, m, s) -> current(o, threads));
        v.put("opt-basic", (o, m, s) -> {
            current(o, threads);
            o.setOptimizationLevel(SessionOptions.OptLevel.BASIC_OPT);
        });
        v.put("opt-extended", (o, m, s) -> {
            current(o, threads);
            o.setOptimizationLevel(SessionOptions.OptLevel.EXTENDED_OPT);
        });
        v.put("opt-none", (o, m, s) -> {
            current(o, threads);
            o.setOptimizationLevel(SessionOptions.OptLevel.NO_OPT);
        });
        v.put("threads-1", (o, m, s) -> current(o, 1));
        v.put("no-spin", (o, m, s) -> {
            current(o, threads);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
        });
        v.put("no-arena", (o, m, s) -> {
            current(o, threads);
            o.setCPUArenaAllocator(false);
        });
        v.put("no-mempattern", (o, m, s) -> {
            current(o, threads);
            o.setMemoryPatternOptimization(false);
        });
        v.put("fixed-shape", (o, m, s) -> {
            current(o, threads);
            o.setSymbolicDimensionValue("N", n);
            o.setSymbolicDimensionValue("H", size);
            o.setSymbolicDimensionValue("W", size);
        });
        v.put("dynamic-block", (o, m, s) -> {
            current(o, threads);
            o.addConfigEntry("session.dynamic_block_base", "4");
        });
        v.put("no-spin-dynamic-block", (o, m, s) -> {
            current(o, threads);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            o.addConfigEntry("session.dynamic_block_base", "4");
        });
        v.put("denormal-zero", (o, m, s) -> {
            current(o, threads);
            o.addConfigEntry("session.set_denormal_as_zero", "1");
        });
        return v;
    }

    /** What OnnxEpsModel.baseOptions set before issue 14 (ORT's default: spinning workers). */
    static void current(SessionOptions o, int threads) throws OrtException {
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
    }

    public static void main(String[] args) throws Exception {
        Path model = Paths.get(args[0]);
        int n = Integer.parseInt(args[1]), size = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]), calls = Integer.parseInt(args[5]);
        Map<String, Variant> all = variants(threads, n, size);
        List<String> names = args.length > 6 ? Arrays.asList(args).subList(6, args.length) : new ArrayList<>(all.keySet());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path scratch = Files.createTempDirectory("ortbench");
        System.out.printf(Locale.ROOT, "%s, batch %d of %dx%d, %d threads, %d rounds x %d calls, ORT %s, load %s%n",
                model.getFileName(), n, size, size, threads, rounds, calls, env.getVersion(), load());

        if (names.contains("startup")) {
            startup(env, model, scratch, threads, rounds);
            return;
        }
        List<OrtSession> sessions = new ArrayList<>();
        List<SessionOptions> options = new ArrayList<>();
        for (String name : names) {
            // "variant@other.onnx" runs the variant on another export of the network
            String[] parts = name.split("@", 2);
            Path file = parts.length == 2 ? Paths.get(parts[1]) : model;
            SessionOptions o = new SessionOptions();
            all.get(parts[0]).apply(o, file, scratch);
            options.add(o);
            long s0 = System.nanoTime();
            sessions.add(env.createSession(file.toString(), o));
            System.out.printf(Locale.ROOT, "  %-14s session created in %.0f ms%n", name, (System.nanoTime() - s0) / 1e6);
        }
        int c = 1;
        FloatBuffer x = direct(n * c * size * size), t = direct(n), eps = direct(n * c * size * size);
        Random r = new Random(1);
        for (int i = 0; i < x.capacity(); i++) x.put(i, (float) r.nextGaussian());
        for (int i = 0; i < n; i++) t.put(i, 100 + 800f * i / Math.max(1, n - 1));
        long[] shape = {n, c, size, size};
        try (OnnxTensor xt = OnnxTensor.createTensor(env, x, shape);
             OnnxTensor tt = OnnxTensor.createTensor(env, t, new long[] {n});
             OnnxTensor et = OnnxTensor.createTensor(env, eps, shape)) {
            Map<String, OnnxTensor> in = Map.of("x", xt, "t", tt);
            Map<String, OnnxTensor> out = Map.of("eps", et);
            for (OrtSession s : sessions) for (int w = 0; w < 3; w++) s.run(in, java.util.Set.of(), out).close();
            // Calls alternate A B C ... A B C ... (order reversed every other round), so a load change
            // on the shared machine hits all variants alike; per call: wall time and the calling
            // thread's CPU time (with 1 intra-op thread that is all the work, whatever the load).
            double[][] ms = new double[names.size()][rounds * calls];
            double[][] cpuMs = new double[names.size()][rounds * calls];
            float[][] first = new float[names.size()][];
            java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < rounds * calls; i++) {
                for (int k = 0; k < names.size(); k++) {
                    int v = (i % 2 == 0) ? k : names.size() - 1 - k;
                    long c0 = tm.getCurrentThreadCpuTime(), s0 = System.nanoTime();
                    sessions.get(v).run(in, java.util.Set.of(), out).close();
                    ms[v][i] = (System.nanoTime() - s0) / 1e6;
                    cpuMs[v][i] = (tm.getCurrentThreadCpuTime() - c0) / 1e6;
                    if (first[v] == null) {
                        first[v] = new float[eps.capacity()];
                        eps.rewind();
                        eps.get(first[v]);
                    }
                }
            }
            double[][] med = ms;
            double ref = median(med[0]);
            for (int v = 0; v < names.size(); v++) {
                double m = median(med[v]);
                double[] sorted = med[v].clone();
                Arrays.sort(sorted);
                double diff = 0;
                for (int i = 0; i < first[v].length; i++) diff = Math.max(diff, Math.abs(first[v][i] - first[0][i]));
                System.out.printf(Locale.ROOT, "  %-28s median %8.2f ms/call (%7.1f images/s), quartiles %7.2f..%7.2f, "
                                + "min %7.2f, ratio to %s %.3f; caller-thread CPU median %7.2f ms; max |eps diff| %.1e%n",
                        names.get(v), m, 1000 * n / m, sorted[sorted.length / 4], sorted[3 * sorted.length / 4],
                        sorted[0], names.get(0), m / ref, median(cpuMs[v]), diff);
            }
        }
        for (OrtSession s : sessions) s.close();
        for (SessionOptions o : options) o.close();
        System.out.printf(Locale.ROOT, "load after %s%n", load());
    }

    /**
     * Session start (create + first call of batch 1 at 32x32) from the ONNX file with ALL_OPT,
     * against the same from an optimised model that an earlier session saved to disk
     * (setOptimizedModelFilePath), opened with optimisations off; interleaved.
     */
    static void startup(OrtEnvironment env, Path model, Path scratch, int threads, int rounds) throws OrtException {
        Path cached = scratch.resolve("optimized.onnx");
        try (SessionOptions o = new SessionOptions()) {
            current(o, threads);
            o.setOptimizedModelFilePath(cached.toString());
            env.createSession(model.toString(), o).close();
        }
        double[] plain = new double[rounds], fromCache = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            plain[r] = start(env, model, threads, SessionOptions.OptLevel.ALL_OPT);
            fromCache[r] = start(env, cached, threads, SessionOptions.OptLevel.NO_OPT);
        }
        System.out.printf(Locale.ROOT, "session start (create + first call): from the ONNX file, ALL_OPT: median %.0f ms "
                        + "(min %.0f); from the cached optimised model, no optimisation: median %.0f ms (min %.0f)%n",
                median(plain), Arrays.stream(plain).min().getAsDouble(), median(fromCache),
                Arrays.stream(fromCache).min().getAsDouble());
    }

    private static double start(OrtEnvironment env, Path file, int threads, SessionOptions.OptLevel level)
            throws OrtException {
        long t0 = System.nanoTime();
        try (SessionOptions o = new SessionOptions()) {
            current(o, threads);
            o.setOptimizationLevel(level);
            try (OrtSession s = env.createSession(file.toString(), o);
                 OnnxTensor x = OnnxTensor.createTensor(env, direct(32 * 32), new long[] {1, 1, 32, 32});
                 OnnxTensor t = OnnxTensor.createTensor(env, direct(1), new long[] {1})) {
                s.run(Map.of("x", x, "t", t)).close();
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static String load() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
