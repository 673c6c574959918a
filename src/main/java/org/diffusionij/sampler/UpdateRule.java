package org.diffusionij.sampler;

/**
 * One reverse-diffusion update: moves x from timestep t to timestep s given the network's
 * consistent pair (x̂0, ε). Rules may keep history between steps of one run (multistep solvers)
 * and reuse their buffers across steps; {@link #reset()} starts a new run.
 */
public interface UpdateRule {

    /** Forgets history of a previous run. */
    void reset();

    /**
     * Replaces x (the state at t) with the state at s, in place.
     *
     * @param t         timestep of x
     * @param s         timestep to move to; -1 for the clean end (ᾱ = 1)
     * @param alphaBarT ᾱ(t)
     * @param alphaBarS ᾱ(s), 1 when s = -1
     * @param x         state at t; overwritten with the state at s
     * @param x0        x̂0 at t; not modified
     * @param eps       ε at t, consistent with x and x̂0; not modified
     * @param noise     source of per-step z, drawn only when the rule needs it
     */
    void step(double t, double s, double alphaBarT, double alphaBarS, float[] x, float[] x0, float[] eps,
              NoiseSource noise);

    /** A fresh rule for {@code settings}. */
    static UpdateRule forSettings(SamplerSettings settings) {
        switch (settings.kind()) {
            case DDPM:
                return new DdpmRule(settings.fixedLargeVariance());
            case DDIM:
                return new DdimRule(settings.eta());
            case DPM_SOLVER_PP_2M:
                return new DpmSolverPP2MRule();
            default:
                throw new IllegalArgumentException("no update rule for sampler " + settings.kind());
        }
    }
}
