package org.diffusionij.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * Not a test: the network's FLOP rate against ONNX Runtime's own MatMul rate, in the same run and
 * interleaved (network call, MatMul call, network call, ...), both with the production session
 * options of {@link OnnxEpsModel}. Per call: wall time and, meaningful with 1 thread, the calling
 * thread's CPU time (the work itself, whatever else the machine runs). Prints medians.
 *
 * <p>Usage: {@code java -cp ... org.diffusionij.model.NetworkEfficiencyBench MODEL.onnx SGEMM.onnx THREADS
 * ROUNDS N SIZE GFLOP_PER_IMAGE [PROFILE_PREFIX]} (bench_torch.py's count_flops gives the FLOPs;
 * write_matmul_onnx the MatMul). With PROFILE_PREFIX, a second, profiled session then runs the network
 * ROUNDS more times and prints the path of ONNX Runtime's profile (bench/op_profile.py reads it); profiling
 * slows every kernel, so those runs are kept out of the rates above.
 */
public final class NetworkEfficiencyBench {

    public static void main(String[] args) throws Exception {
        Path model = Paths.get(args[0]), sgemm = Paths.get(args[1]);
        int threads = Integer.parseInt(args[2]), rounds = Integer.parseInt(args[3]);
        int n = Integer.parseInt(args[4]), size = Integer.parseInt(args[5]);
        double netFlops = Double.parseDouble(args[6]) * 1e9 * n;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        try (SessionOptions o = OnnxEpsModel.baseOptions(threads);
             OrtSession net = env.createSession(model.toString(), o);
             OrtSession mm = env.createSession(sgemm.toString(), o)) {
            long k = ((ai.onnxruntime.TensorInfo) mm.getInputInfo().get("x").getInfo()).getShape()[0];
            double mmFlops = 2.0 * k * k * k;
            Random r = new Random(1);
            FloatBuffer x = SessionOptionsBench.direct(n * size * size), t = SessionOptionsBench.direct(n);
            for (int i = 0; i < x.capacity(); i++) x.put(i, (float) r.nextGaussian());
            for (int i = 0; i < n; i++) t.put(i, 300);
            FloatBuffer a = SessionOptionsBench.direct((int) (k * k));
            for (int i = 0; i < a.capacity(); i++) a.put(i, (i % 97) / 97f);
            try (OnnxTensor xt = OnnxTensor.createTensor(env, x, new long[] {n, 1, size, size});
                 OnnxTensor tt = OnnxTensor.createTensor(env, t, new long[] {n});
                 OnnxTensor at = OnnxTensor.createTensor(env, a, new long[] {k, k})) {
                Map<String, OnnxTensor> netIn = Map.of("x", xt, "t", tt), mmIn = Map.of("x", at);
                for (int w = 0; w < 2; w++) {
                    net.run(netIn).close();
                    mm.run(mmIn).close();
                }
                double[] netWall = new double[rounds], netCpu = new double[rounds];
                double[] mmWall = new double[rounds], mmCpu = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long c0 = tm.getCurrentThreadCpuTime(), s0 = System.nanoTime();
                    net.run(netIn).close();
                    netWall[i] = System.nanoTime() - s0;
                    netCpu[i] = tm.getCurrentThreadCpuTime() - c0;
                    c0 = tm.getCurrentThreadCpuTime();
                    s0 = System.nanoTime();
                    mm.run(mmIn).close();
                    mmWall[i] = System.nanoTime() - s0;
                    mmCpu[i] = tm.getCurrentThreadCpuTime() - c0;
                }
                double nw = netFlops / SessionOptionsBench.median(netWall), mw = mmFlops / SessionOptionsBench.median(mmWall);
                double nc = netFlops / SessionOptionsBench.median(netCpu), mc = mmFlops / SessionOptionsBench.median(mmCpu);
                double[] ratio = new double[rounds];
                for (int i = 0; i < rounds; i++) ratio[i] = (netFlops / netWall[i]) / (mmFlops / mmWall[i]);
                java.util.Arrays.sort(ratio);
                System.out.printf(Locale.ROOT, "%s batch %d of %dx%d, %d threads, %d rounds, MatMul %dx%d, load %s%n"
                                + "  wall: network %.1f GFLOP/s, MatMul %.1f GFLOP/s, ratio of medians %.0f %% "
                                + "(per-round ratios: quartiles %.0f..%.0f %%)%n"
                                + "  caller-thread CPU: network %.1f GFLOP per CPU-s, MatMul %.1f, ratio %.0f %%%n",
                        model.getFileName(), n, size, size, threads, rounds, k, k, SessionOptionsBench.load(), nw, mw,
                        100 * nw / mw, 100 * ratio[rounds / 4], 100 * ratio[3 * rounds / 4], nc, mc, 100 * nc / mc);
                if (args.length > 7) profile(env, model, threads, rounds, netIn, args[7]);
            }
        }
    }

    private static void profile(OrtEnvironment env, Path model, int threads, int rounds, Map<String, OnnxTensor> in,
                                String prefix) throws Exception {
        try (SessionOptions o = OnnxEpsModel.baseOptions(threads)) {
            o.enableProfiling(prefix);
            try (OrtSession net = env.createSession(model.toString(), o)) {
                for (int i = 0; i < rounds; i++) net.run(in).close();
                System.out.println("  profile: " + net.endProfiling());
            }
        }
    }
}
