package org.diffusionij.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.TimestepSpacing;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sampler, run with the exact ε-network for x0 ~ N(μ, s²), must produce samples of mean μ and
 * standard deviation s, up to (a) sampling error and (b) the discretisation error of its step count.
 *
 * <p>(b) is known exactly: with the oracle every step is affine per pixel, so x_0 = A·x_T + B + noise
 * of variance V, and propagating (A, B, V) through the contract's equations in float64 gives the
 * mean B and std √(A² + V) of the discretised chain for x_T ~ N(0, 1). That propagation was written
 * separately in Python/numpy on training/diffusion_ij_train/schedule.py's tables; its results are
 * the {@code meanBias}/{@code stdBias} columns below (e.g. DDIM 10 steps under-disperses by 0.073,
 * DPM++(2M) 25 steps is within 0.0002 of s; linear's mean bias comes from ᾱ_999 = 4e-5 ≠ 0).
 *
 * <p>(a) With N pixels the sample mean has standard error s/√N and the sample std s/√(2N); the
 * tolerance is 4 standard errors (N = 131072: 0.0055 for the mean, 0.0039 for the std; half the
 * pixels, so √2 wider, for the 1000-step case, which draws noise at every step) plus 1e-4
 * for the bias columns' rounding to 5 decimals. A wrong coefficient anywhere moves the std by far
 * more than that. Clipping is off: N(0.3, 0.5²) data is not confined to [-1, 1].
 */
class SamplerOracleTest {

    static final double MU = 0.3, SD = 0.5;
    static final int N = 2, H = 256, W = 256;
    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);
    static final NoiseSchedule LINEAR = NoiseSchedule.linear(1000, 1e-4, 0.02);

    static Stream<Arguments> cases() {
        return Stream.of(
                // schedule, kind, steps, eta, fixedLarge, meanBias, stdBias
                Arguments.of("cosine", SamplerKind.DDPM, 1000, 0.0, false, 0.0, -0.00201),
                Arguments.of("cosine", SamplerKind.DDPM, 100, 0.0, false, 0.0, -0.01756),
                Arguments.of("cosine", SamplerKind.DDPM, 100, 0.0, true, 0.0, 0.00399),
                Arguments.of("cosine", SamplerKind.DDIM, 50, 0.0, false, -0.00001, -0.01555),
                Arguments.of("cosine", SamplerKind.DDIM, 20, 0.0, false, -0.00001, -0.03789),
                Arguments.of("cosine", SamplerKind.DDIM, 10, 0.0, false, -0.00001, -0.07317),
                Arguments.of("cosine", SamplerKind.DDIM, 50, 1.0, false, 0.0, -0.03226),
                Arguments.of("cosine", SamplerKind.DPM_SOLVER_PP_2M, 25, 0.0, false, -0.00001, 0.00016),
                Arguments.of("cosine", SamplerKind.DPM_SOLVER_PP_2M, 20, 0.0, false, -0.00001, -0.00150),
                Arguments.of("cosine", SamplerKind.DPM_SOLVER_PP_2M, 10, 0.0, false, -0.00001, -0.02454),
                Arguments.of("linear", SamplerKind.DDPM, 100, 0.0, false, 0.0, -0.03178),
                Arguments.of("linear", SamplerKind.DDIM, 20, 0.0, false, -0.00082, -0.06863),
                Arguments.of("linear", SamplerKind.DPM_SOLVER_PP_2M, 20, 0.0, false, -0.00091, -0.02179));
    }

    @ParameterizedTest(name = "{0} {1} {2} steps eta {3} large {4}")
    @MethodSource("cases")
    void samplesHaveTheDataMeanAndStd(String scheduleName, SamplerKind kind, int steps, double eta,
                                      boolean fixedLarge, double meanBias, double stdBias) {
        NoiseSchedule schedule = scheduleName.equals("cosine") ? COSINE : LINEAR;
        GaussianOracleModel model = new GaussianOracleModel(schedule, MU, SD);
        SamplerSettings settings = new SamplerSettings(kind, steps, eta, TimestepSpacing.TRAILING, false, fixedLarge);
        GaussianNoise noise = new GaussianNoise(1234);
        int n = steps >= 1000 ? 1 : N;
        float[] x = DiffusionLoop.initialNoise(n, 1, H, W, noise);
        DiffusionLoop.run(model, settings, x, n, H, W, noise, StepHook.NONE, Progress.none(), CancelToken.none());

        Moments m = Moments.of(x);
        int count = m.count();
        assertEquals(MU + meanBias, m.mean(), 4 * Moments.seMean(SD, count) + 1e-4, "mean");
        assertEquals(SD + stdBias, m.std(), 4 * Moments.seStd(SD, count) + 1e-4, "std");
        assertEquals(steps, model.calls(), "one batched network call per step");
        // The bias is itself a quality claim: 25-step DPM++ and 1000-step DDPM are within 1% of s.
        if ((kind == SamplerKind.DPM_SOLVER_PP_2M && steps >= 25) || steps >= 1000) {
            assertTrue(Math.abs(m.std() - SD) < 0.01 * SD, "std " + m.std());
        }
    }
}
