package org.diffusionij.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.TimestepSpacing;
import org.diffusionij.schedule.Timesteps;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

class DiffusionLoopTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);
    static final int H = 8, W = 8;

    /** Counts fill() calls and hands out draws from a seeded source. */
    static final class CountingNoise implements NoiseSource {
        final GaussianNoise inner = new GaussianNoise(5);
        int draws;

        @Override
        public void fill(float[] dst) {
            draws++;
            inner.fill(dst);
        }
    }

    static final NoiseSource NO_NOISE_ALLOWED = dst -> {
        throw new AssertionError("this sampler must not draw noise");
    };

    private static float[] noise(int n, int c, long seed) {
        return DiffusionLoop.initialNoise(n, c, H, W, new GaussianNoise(seed));
    }

    private static float[] run(EpsModel model, SamplerSettings settings, float[] x, int n, NoiseSource noise) {
        return DiffusionLoop.run(model, settings, x, n, H, W, noise, StepHook.NONE, Progress.none(),
                CancelToken.none());
    }

    @Test
    void deterministicSamplersDrawNoNoiseAndRepeatExactly() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5);
        for (SamplerSettings s : new SamplerSettings[] {
                SamplerSettings.defaults().withKind(SamplerKind.DDIM).withEta(0),
                SamplerSettings.defaults()}) {
            float[] a = run(model, s, noise(2, 1, 9), 2, NO_NOISE_ALLOWED);
            float[] b = run(model, s, noise(2, 1, 9), 2, NO_NOISE_ALLOWED);
            assertArrayEquals(a, b, s.toString());
        }
    }

    @Test
    void stochasticSamplersDrawOnceForEveryStepButTheLast() {
        // DDPM: z only when s >= 0; DDIM: z only when σ > 0, and σ = 0 on the last step (ᾱ_s = 1).
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5);
        for (SamplerSettings s : new SamplerSettings[] {
                SamplerSettings.defaults().withKind(SamplerKind.DDPM).withSteps(12),
                SamplerSettings.defaults().withKind(SamplerKind.DDIM).withSteps(12).withEta(0.3)}) {
            CountingNoise counting = new CountingNoise();
            run(model, s, noise(1, 1, 1), 1, counting);
            assertEquals(11, counting.draws, s.toString());
        }
    }

    @Test
    void returnsTheSameArrayAndReportsProgress() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5);
        List<String> messages = new ArrayList<>();
        float[] x = noise(1, 1, 2);
        float[] out = DiffusionLoop.run(model, SamplerSettings.defaults().withSteps(3), x, 1, H, W,
                NO_NOISE_ALLOWED, StepHook.NONE, (done, total, msg) -> messages.add(done + "/" + total + " " + msg),
                CancelToken.none());
        assertSame(x, out);
        assertEquals(List.of("1/3 step 1/3", "2/3 step 2/3", "3/3 step 3/3"), messages);
    }

    @Test
    void batchedImagesGetOneCallPerStepAndTheSameResultAsAlone() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5, 3, 1);
        float[] both = noise(2, 3, 4);
        float[] second = Arrays.copyOfRange(both, 3 * H * W, 6 * H * W);
        run(model, SamplerSettings.defaults(), both, 2, NO_NOISE_ALLOWED);
        assertEquals(20, model.calls());
        assertEquals(40, model.images());
        run(model, SamplerSettings.defaults(), second, 1, NO_NOISE_ALLOWED);
        assertArrayEquals(second, Arrays.copyOfRange(both, 3 * H * W, 6 * H * W));
    }

    @Test
    void cancellationStopsBeforeTheNextStep() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5);
        CancelToken cancel = new CancelToken();
        Progress cancelAtThree = (done, total, msg) -> {
            if (done == 3) cancel.cancel();
        };
        assertThrows(CancelledException.class, () -> DiffusionLoop.run(model, SamplerSettings.defaults(),
                noise(1, 1, 3), 1, H, W, NO_NOISE_ALLOWED, StepHook.NONE, cancelAtThree, cancel));
        assertEquals(3, model.calls());
    }

    @Test
    void nanFromTheNetworkIsReportedWithItsStep() {
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, 0.3, 0.5);
        EpsModel broken = new DelegatingModel(oracle) {
            int calls;

            @Override
            public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
                super.predict(x, t, n, h, w, eps, cancel);
                if (++calls == 2) eps[17] = Float.NaN;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(broken, SamplerSettings.defaults(), noise(1, 1, 3), 1, NO_NOISE_ALLOWED));
        assertTrue(e.getMessage().contains("step 2/20") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedWithClearMessages() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5, 2, 1);
        SamplerSettings s = SamplerSettings.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(model, s, new float[H * W], 1, NO_NOISE_ALLOWED));
        assertTrue(e.getMessage().contains("2 channel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.withSteps(0));
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionLoop.run(model, COSINE, new double[0], s,
                new float[2 * H * W], 1, H, W, NO_NOISE_ALLOWED, StepHook.NONE, Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionLoop.run(model, COSINE,
                new double[] {500, 600}, s, new float[2 * H * W], 1, H, W, NO_NOISE_ALLOWED, StepHook.NONE,
                Progress.none(), CancelToken.none()));
        assertTrue(e.getMessage().contains("decreasing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiffusionLoop.run(model, COSINE, new double[] {1000},
                s, new float[2 * H * W], 1, H, W, NO_NOISE_ALLOWED, StepHook.NONE, Progress.none(),
                CancelToken.none()));
    }

    @Test
    void clippingKeepsTheResultInModelRange() {
        // The oracle for N(0.9, 0.5²) data puts much of x̂0 above 1; clipped sampling ends in [-1, 1].
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.9, 0.5);
        for (SamplerKind k : SamplerKind.values()) {
            float[] x = run(model, SamplerSettings.defaults().withKind(k), noise(1, 1, 6), 1, new GaussianNoise(2));
            float max = -Float.MAX_VALUE;
            for (float v : x) {
                assertTrue(v >= -1f && v <= 1f, k + ": " + v);
                max = Math.max(max, v);
            }
            assertEquals(1f, max, k.toString());
        }
    }

    @Test
    void hookSeesEveryStepAndItsX0IsWhatTheRulesUse() {
        // A hook that pins x̂0 to a constant: every rule's last step returns x̂0, so the result is that
        // constant; DDIM's intermediate states are √ᾱ_s·c + √(1-ᾱ_s)·ε with ε recomputed from c.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5);
        for (SamplerKind k : SamplerKind.values()) {
            List<Double> seenT = new ArrayList<>(), seenS = new ArrayList<>(), after = new ArrayList<>();
            StepHook pin = new StepHook() {
                @Override
                public void constrainX0(float[] x0, double t, double s) {
                    seenT.add(t);
                    seenS.add(s);
                    Arrays.fill(x0, 0.25f);
                }

                @Override
                public void afterStep(float[] x, double s, NoiseSource noise) {
                    after.add(s);
                }
            };
            float[] x = DiffusionLoop.run(model, SamplerSettings.defaults().withKind(k).withSteps(7), noise(1, 1, 8),
                    1, H, W, new GaussianNoise(3), pin, Progress.none(), CancelToken.none());
            for (float v : x) assertEquals(0.25f, v, 1e-6f, k.toString());
            assertEquals(List.of(999.0, 856.0, 713.0, 570.0, 428.0, 285.0, 142.0), seenT);
            assertEquals(List.of(856.0, 713.0, 570.0, 428.0, 285.0, 142.0, -1.0), seenS);
            assertEquals(seenS, after);
        }
    }

    @Test
    void dpmSolverConvergesToTheExactOdeSolutionAtSecondOrder() {
        // For Gaussian data the probability-flow ODE keeps the standardised value u fixed:
        // x(ᾱ) = √ᾱ μ + √(ᾱ s² + 1 - ᾱ) u. Walk t = 900 -> 100 in S even (fractional) steps and compare
        // the state on arrival at t = 100 (captured by afterStep before the final denoising step).
        // Errors (float64 reference computation): S = 20: 5.4e-3, 40: 1.5e-3, 80: 4.0e-4, 160: 1.0e-4,
        // so halving the step shrinks the error ~4x (DPM++(2M), second order) versus ~2x for DDIM.
        double mu = 0.3, sd = 0.5;
        GaussianOracleModel model = new GaussianOracleModel(COSINE, mu, sd);
        double a0 = COSINE.alphaBar(900), a1 = COSINE.alphaBar(100);
        int pixels = 81;
        float[] start = new float[pixels];
        double[] exact = new double[pixels];
        for (int i = 0; i < pixels; i++) {
            double u = -4 + 8.0 * i / (pixels - 1);
            start[i] = (float) (Math.sqrt(a0) * mu + Math.sqrt(a0 * sd * sd + 1 - a0) * u);
            exact[i] = Math.sqrt(a1) * mu + Math.sqrt(a1 * sd * sd + 1 - a1) * u;
        }
        double[] dpm = new double[4], ddim = new double[4];
        int[] stepCounts = {20, 40, 80, 160};
        for (int j = 0; j < stepCounts.length; j++) {
            dpm[j] = odeError(model, SamplerKind.DPM_SOLVER_PP_2M, stepCounts[j], start, exact);
            ddim[j] = odeError(model, SamplerKind.DDIM, stepCounts[j], start, exact);
        }
        for (int j = 1; j < stepCounts.length; j++) {
            double orderDpm = Math.log(dpm[j - 1] / dpm[j]) / Math.log(2);
            double orderDdim = Math.log(ddim[j - 1] / ddim[j]) / Math.log(2);
            assertTrue(orderDpm > 1.7 && orderDpm < 2.3, "DPM++ observed order " + orderDpm + " " + Arrays.toString(dpm));
            assertTrue(orderDdim > 0.8 && orderDdim < 1.2, "DDIM observed order " + orderDdim);
        }
        assertTrue(dpm[3] < 1.5e-4, "DPM++ 160-step error " + dpm[3]);
    }

    private static double odeError(EpsModel model, SamplerKind kind, int steps, float[] start, double[] exact) {
        double[] ts = new double[steps + 1];
        for (int i = 0; i <= steps; i++) ts[i] = 900 - 800.0 * i / steps;
        float[] x = start.clone();
        double[] err = {0};
        StepHook capture = new StepHook() {
            @Override
            public void afterStep(float[] state, double s, NoiseSource noise) {
                if (s == 100) {
                    for (int i = 0; i < state.length; i++) err[0] = Math.max(err[0], Math.abs(state[i] - exact[i]));
                }
            }
        };
        SamplerSettings settings = new SamplerSettings(kind, steps + 1, 0, TimestepSpacing.TRAILING, false, false);
        DiffusionLoop.run(model, COSINE, ts, settings, x, 1, 9, 9, NO_NOISE_ALLOWED, capture, Progress.none(),
                CancelToken.none());
        return err[0];
    }

    @Test
    void modelScheduleOverloadWalksTheSettingsTimesteps() {
        GaussianOracleModel model = new GaussianOracleModel(COSINE, 0.3, 0.5);
        SamplerSettings s = SamplerSettings.defaults().withSpacing(TimestepSpacing.LEADING).withSteps(9);
        float[] a = run(model, s, noise(1, 1, 11), 1, NO_NOISE_ALLOWED);
        float[] b = DiffusionLoop.run(model, COSINE, Timesteps.make(1000, 9, TimestepSpacing.LEADING), s,
                noise(1, 1, 11), 1, H, W, NO_NOISE_ALLOWED, StepHook.NONE, Progress.none(), CancelToken.none());
        assertArrayEquals(a, b);
    }

    /** Forwards to another model; tests override predict to break it. */
    static class DelegatingModel implements EpsModel {
        final EpsModel inner;

        DelegatingModel(EpsModel inner) {
            this.inner = inner;
        }

        @Override
        public ModelMetadata metadata() {
            return inner.metadata();
        }

        @Override
        public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
            inner.predict(x, t, n, h, w, eps, cancel);
        }

        @Override
        public String device() {
            return inner.device();
        }

        @Override
        public void close() {
        }
    }
}
