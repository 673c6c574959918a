package org.diffusionij.task;

import java.util.Locale;

/**
 * What a denoising run returns: the posterior mean (Tweedie's formula, one network call: the
 * PSNR-optimal estimate under the model) or a posterior sample (a sampler run: a sharp draw).
 */
public enum Estimate {
    /** E[x0 | y] by Tweedie's formula at the timestep matching σ. */
    MEAN,
    /** A draw from p(x0 | y) by a sampler run from that timestep to 0. */
    SAMPLE;

    /** The default: the posterior mean. */
    public static final Estimate DEFAULT = MEAN;

    /** Parses {@code mean} or {@code sample} (any case); one clear message otherwise. */
    public static Estimate parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "mean":
                return MEAN;
            case "sample":
                return SAMPLE;
            default:
                throw new IllegalArgumentException("estimate must be 'mean' (posterior mean, one network call) or "
                        + "'sample' (a posterior draw by the sampler), got '" + s + "'");
        }
    }

    /** The macro/launcher spelling: {@code mean} or {@code sample}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
