package org.diffusionij.sampler;

import java.util.Locale;

/** The reverse-diffusion update rules this engine implements (models/MODEL_CONTRACT.md). */
public enum SamplerKind {
    /** DDPM ancestral sampling (Ho et al. 2020): stochastic, needs many steps. */
    DDPM("ddpm"),
    /** DDIM(η) (Song et al. 2021): deterministic at η = 0. */
    DDIM("ddim"),
    /** DPM-Solver++(2M) (Lu et al. 2022): deterministic, second order, good in 15-25 steps. */
    DPM_SOLVER_PP_2M("dpm++2m");

    private final String label;

    SamplerKind(String label) {
        this.label = label;
    }

    /** Parses "ddpm", "ddim" or "dpm++2m" (case-insensitive). */
    public static SamplerKind parse(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            for (SamplerKind k : values()) {
                if (k.label.equals(key)) return k;
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + name + "': use ddpm, ddim or dpm++2m");
    }

    /** The name {@link #parse} accepts, e.g. "dpm++2m". */
    @Override
    public String toString() {
        return label;
    }
}
