package org.diffusionij.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.metrics.FrechetDistance;
import org.diffusionij.metrics.GaussianStats;
import org.diffusionij.metrics.Kid;
import org.diffusionij.model.EpsModel;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;

/**
 * Unconditional generation quality: samples from each sampler, Fréchet distance and KID in the
 * classifier's feature space against the held-out test images, and the same distances for real
 * training images as the floor (what a perfect generator would score at the same sample count).
 */
public final class GenerationBench {

    /** One sampler configuration and how many samples it draws. */
    public record Case(String label, SamplerSettings settings, int samples) {
    }

    /** Distances of one set of samples (or real images) to the reference. */
    public record Scores(double fdAtSmallN, double fdAtFullN, Kid.Result kid) {
    }

    /** A sampler's outcome. */
    public record Outcome(Case c, Scores scores, double seconds, float[] firstSamples, int shown, int[] classes) {
        public double imagesPerSecond() {
            return c.samples() / seconds;
        }
    }

    /** The floor: real training images against the same reference, over several draws. */
    public record Floor(int n, double fdMean, double fdStd, double kidMean, int draws) {
    }

    private final EpsModel model;
    private final FeatureSpace features;
    private final GaussianStats referenceStats;
    private final double[][] reference;
    private final int smallN;
    private final int batch;
    private final long seed;
    private final int kidSubsets;

    /**
     * @param reference features of the real held-out images
     * @param smallN    sample count at which every sampler is also scored (the DDPM-1000 count),
     *                  since the Fréchet distance depends on the count
     */
    public GenerationBench(EpsModel model, FeatureSpace features, double[][] reference, int smallN, int batch,
                           long seed, int kidSubsets) {
        this.model = model;
        this.features = features;
        this.reference = reference;
        this.referenceStats = GaussianStats.of(reference);
        this.smallN = smallN;
        this.batch = batch;
        this.seed = seed;
        this.kidSubsets = kidSubsets;
    }

    /**
     * Draws {@code c.samples()} images in batches; batch k uses {@code new GaussianNoise(seed + k)}
     * for its initial noise and per-step draws, so every sampler starts sample i from the same
     * noise.
     */
    public Outcome run(Case c, Progress progress, CancelToken cancel) {
        int s = model.metadata().sampleSize(), ch = model.metadata().channels();
        int per = ch * s * s;
        float[] all = new float[c.samples() * per];
        long t0 = System.nanoTime();
        for (int start = 0, k = 0; start < c.samples(); start += batch, k++) {
            int n = Math.min(batch, c.samples() - start);
            GaussianNoise noise = new GaussianNoise(seed + k);
            float[] x = DiffusionLoop.initialNoise(n, ch, s, s, noise);
            DiffusionLoop.run(model, c.settings(), x, n, s, s, noise, org.diffusionij.sampler.StepHook.NONE,
                    Progress.none(), cancel);
            System.arraycopy(x, 0, all, start * per, n * per);
            progress.update(start + n, c.samples(), c.label());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Scores scores = score(features.ofModelSpace(all, c.samples()));
        int shown = Math.min(16, c.samples());
        return new Outcome(c, scores, seconds, Arrays.copyOf(all, shown * per), shown,
                features.classHistogram(all, c.samples()));
    }

    /** Fréchet distance at the small count (first smallN rows) and at all rows, and KID at all rows. */
    public Scores score(double[][] f) {
        double small = f.length >= smallN ? FrechetDistance.compute(GaussianStats.of(Arrays.copyOf(f, smallN)), referenceStats)
                : Double.NaN;
        double full = FrechetDistance.compute(GaussianStats.of(f), referenceStats);
        Kid.Result kid = Kid.compute(f, reference, kidSubsets, 1000, seed);
        return new Scores(small, full, kid);
    }

    /**
     * Floor at count n: {@code draws} random sets of n real training images (features given) against
     * the reference.
     */
    public Floor floor(double[][] trainFeatures, int n, int draws) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
        double[] fd = new double[draws];
        double kidSum = 0;
        for (int d = 0; d < draws; d++) {
            double[][] pick = new double[n][];
            int[] idx = shuffle(trainFeatures.length, rnd);
            for (int i = 0; i < n; i++) pick[i] = trainFeatures[idx[i]];
            fd[d] = FrechetDistance.compute(GaussianStats.of(pick), referenceStats);
            kidSum += Kid.compute(pick, reference, kidSubsets, 1000, seed + d).mean();
        }
        double mean = Arrays.stream(fd).average().orElse(Double.NaN);
        double var = Arrays.stream(fd).map(v -> (v - mean) * (v - mean)).sum() / Math.max(draws - 1, 1);
        return new Floor(n, mean, Math.sqrt(var), kidSum / draws, draws);
    }

    private static int[] shuffle(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The configured cases in report order. */
    public static List<Case> cases(SamplerSettings base, int ddpmSteps, int ddpmSamples, int[] ddimSteps,
                                   int[] dpmSteps, int samples) {
        List<Case> out = new ArrayList<>();
        out.add(new Case("DDPM " + ddpmSteps, base.withKind(org.diffusionij.sampler.SamplerKind.DDPM).withSteps(ddpmSteps),
                ddpmSamples));
        for (int st : ddimSteps) {
            out.add(new Case("DDIM " + st, base.withKind(org.diffusionij.sampler.SamplerKind.DDIM).withSteps(st).withEta(0),
                    samples));
        }
        for (int st : dpmSteps) {
            out.add(new Case("DPM-Solver++ " + st,
                    base.withKind(org.diffusionij.sampler.SamplerKind.DPM_SOLVER_PP_2M).withSteps(st), samples));
        }
        return out;
    }
}
