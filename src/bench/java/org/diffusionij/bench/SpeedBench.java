package org.diffusionij.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.sampler.StepHook;

/**
 * Java + ONNX Runtime sampling speed: whole sampler runs of one batch, timed end to end and inside
 * the network, best of several repeats (the machine is shared, the best run is the least disturbed).
 */
public final class SpeedBench {

    /** One configuration's timings. */
    public record Result(int batch, SamplerSettings settings, int repeats, double bestSeconds, double networkSeconds,
                         long networkImages) {
        public double imagesPerSecond() {
            return batch / bestSeconds;
        }

        /** Fraction of the best run's wall time spent outside the network call. */
        public double outsideShare() {
            return 1 - networkSeconds / bestSeconds;
        }

        /** Network throughput in GFLOP/s given the FLOPs of one image evaluation. */
        public double networkGflops(double flopsPerImage) {
            return flopsPerImage * networkImages / networkSeconds / 1e9;
        }
    }

    private SpeedBench() {
    }

    /** One warm-up run, then {@code repeats} timed runs of the sampler on {@code batch} images. */
    public static Result run(EpsModel model, SamplerSettings settings, int batch, int repeats, long seed) {
        TimedEpsModel timed = new TimedEpsModel(model);
        int s = model.metadata().sampleSize(), c = model.metadata().channels();
        once(timed, settings, batch, s, c, seed);
        double best = Double.POSITIVE_INFINITY, bestNet = 0;
        long bestImages = 0;
        for (int r = 0; r < repeats; r++) {
            timed.reset();
            long t0 = System.nanoTime();
            once(timed, settings, batch, s, c, seed + 1 + r);
            double sec = (System.nanoTime() - t0) / 1e9;
            if (sec < best) {
                best = sec;
                bestNet = timed.networkSeconds();
                bestImages = timed.images();
            }
        }
        return new Result(batch, settings, repeats, best, bestNet, bestImages);
    }

    private static void once(EpsModel model, SamplerSettings settings, int batch, int s, int c, long seed) {
        GaussianNoise noise = new GaussianNoise(seed);
        float[] x = DiffusionLoop.initialNoise(batch, c, s, s, noise);
        DiffusionLoop.run(model, settings, x, batch, s, s, noise, StepHook.NONE, Progress.none(), CancelToken.none());
    }

    /**
     * Largest |ε_ORT − ε_torch| on the seeded forward pass bench_torch.py wrote (x.f32, t.f32,
     * eps.f32 in {@code dir}): evidence that both sides time the same network.
     */
    public static double maxDifferenceToTorch(EpsModel model, Path dir) throws IOException {
        float[] x = readF32(dir.resolve("x.f32"));
        float[] t = readF32(dir.resolve("t.f32"));
        float[] expected = readF32(dir.resolve("eps.f32"));
        int n = t.length, c = model.metadata().channels();
        int side = (int) Math.round(Math.sqrt(x.length / (double) (n * c)));
        float[] eps = new float[x.length];
        model.predict(x, t, n, side, side, eps, CancelToken.none());
        double max = 0;
        for (int i = 0; i < eps.length; i++) max = Math.max(max, Math.abs(eps[i] - expected[i]));
        return max;
    }

    static float[] readF32(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        float[] out = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
