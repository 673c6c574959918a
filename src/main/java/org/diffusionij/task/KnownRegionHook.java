package org.diffusionij.task;

import org.diffusionij.sampler.NoiseSource;
import org.diffusionij.sampler.StepHook;
import org.diffusionij.schedule.NoiseSchedule;

/**
 * Inpainting constraint for A = "keep the known pixels". DDNM (Wang et al. 2023): x̂0 takes the
 * known pixels from y, x̂0 = M·y + (1-M)·x̂0. RePaint (Lugmayr et al. 2022): after each step the
 * known pixels of x_s are replaced by y noised to level s, √ᾱ_s y + √(1-ᾱ_s) z, so the network
 * always sees a consistent image; at s = -1 that is y itself.
 */
final class KnownRegionHook implements StepHook {

    private final NoiseSchedule schedule;
    private final float[] image;
    /** Indices (into the NCHW tensor) of known pixels. */
    private final int[] known;
    private float[] z = new float[0];

    KnownRegionHook(NoiseSchedule schedule, float[] image, int[] known) {
        this.schedule = schedule;
        this.image = image;
        this.known = known;
    }

    @Override
    public void constrainX0(float[] x0, double t, double s) {
        for (int i : known) x0[i] = image[i];
    }

    @Override
    public void afterStep(float[] x, double s, NoiseSource noise) {
        if (s < 0) {
            for (int i : known) x[i] = image[i];
            return;
        }
        double a = schedule.alphaBar(s);
        double signal = Math.sqrt(a), spread = Math.sqrt(1 - a);
        if (z.length != x.length) z = new float[x.length];
        noise.fill(z);
        for (int i : known) x[i] = (float) (signal * image[i] + spread * z[i]);
    }
}
