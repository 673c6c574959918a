package org.diffusionij.sampler;

/**
 * How an inverse problem (inpainting, super-resolution, ...) constrains each reverse step of
 * {@link DiffusionLoop}. Both methods default to doing nothing.
 */
public interface StepHook {

    /** A hook that changes nothing. */
    StepHook NONE = new StepHook() {
    };

    /**
     * May replace the clean-image estimate x̂0 in place (DDNM range-null-space projection, data
     * consistency). Called after clipping; the loop then recomputes ε from the new x̂0 so that every
     * update rule sees a consistent (x̂0, ε) pair.
     *
     * @param x0 x̂0 at this step, NCHW, modified in place
     * @param t  timestep of this step
     * @param s  timestep the step goes to (-1 on the last step)
     */
    default void constrainX0(float[] x0, double t, double s) {
    }

    /**
     * May modify the new state x_s in place after the update (e.g. RePaint: paste the known pixels
     * noised to level s). On the last step s = -1 and x is the final clean image.
     *
     * @param noise the run's noise source, for hooks that need fresh noise
     */
    default void afterStep(float[] x, double s, NoiseSource noise) {
    }
}
