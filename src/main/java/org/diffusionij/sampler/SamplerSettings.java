package org.diffusionij.sampler;

import org.diffusionij.schedule.TimestepSpacing;

/**
 * How to sample: the update rule and its parameters. Immutable; validated on construction.
 *
 * @param kind               update rule
 * @param steps              number of network calls (timesteps walked), at least 1
 * @param eta                DDIM stochasticity in [0, 1] (0 = deterministic); ignored by other rules
 * @param spacing            how {@code steps} timesteps are spread over the schedule
 * @param clipSample         clamp x̂0 to [-1, 1] at every step (data in model space lies there)
 * @param fixedLargeVariance DDPM ancestral variance β instead of β̃; ignored by other rules
 */
public record SamplerSettings(SamplerKind kind, int steps, double eta, TimestepSpacing spacing,
                              boolean clipSample, boolean fixedLargeVariance) {

    public SamplerSettings {
        if (kind == null) throw new IllegalArgumentException("sampler kind is missing: use ddpm, ddim or dpm++2m");
        if (spacing == null) {
            throw new IllegalArgumentException("timestep spacing is missing: use linspace, leading or trailing");
        }
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must lie in [0, 1] (0 = deterministic DDIM), got " + eta);
        }
    }

    /** DPM-Solver++(2M), 20 steps, η 0, trailing spacing, clipping on, β̃ (fixed_small) variance. */
    public static SamplerSettings defaults() {
        return new SamplerSettings(SamplerKind.DPM_SOLVER_PP_2M, 20, 0.0, TimestepSpacing.TRAILING, true, false);
    }

    /** A copy with another update rule (validated). */
    public SamplerSettings withKind(SamplerKind kind) {
        return new SamplerSettings(kind, steps, eta, spacing, clipSample, fixedLargeVariance);
    }

    /** A copy with another step count (validated). */
    public SamplerSettings withSteps(int steps) {
        return new SamplerSettings(kind, steps, eta, spacing, clipSample, fixedLargeVariance);
    }

    /** A copy with another DDIM η (validated). */
    public SamplerSettings withEta(double eta) {
        return new SamplerSettings(kind, steps, eta, spacing, clipSample, fixedLargeVariance);
    }

    /** A copy with another timestep spacing (validated). */
    public SamplerSettings withSpacing(TimestepSpacing spacing) {
        return new SamplerSettings(kind, steps, eta, spacing, clipSample, fixedLargeVariance);
    }

    /** A copy with another clipping of x̂0 (validated). */
    public SamplerSettings withClipSample(boolean clipSample) {
        return new SamplerSettings(kind, steps, eta, spacing, clipSample, fixedLargeVariance);
    }

    /** A copy with another DDPM variance choice (validated). */
    public SamplerSettings withFixedLargeVariance(boolean fixedLargeVariance) {
        return new SamplerSettings(kind, steps, eta, spacing, clipSample, fixedLargeVariance);
    }

    @Override
    public String toString() {
        return kind + ", " + steps + " steps, eta " + eta + ", " + spacing + " spacing, clip "
                + clipSample + ", " + (fixedLargeVariance ? "fixed_large" : "fixed_small");
    }
}
