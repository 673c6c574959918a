package org.diffusionij.task;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.NoiseSource;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.sampler.StepHook;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.Timesteps;

/**
 * SDEdit (Meng et al. 2022): noise the input to t0 = strength·(T-1), x = √ᾱ(t0) y + √(1-ᾱ(t0)) z,
 * and run the reverse process from there. Small strength keeps the input's layout, 1 regenerates.
 * Runs ⌊steps·strength⌋ steps (at least 1), as diffusers does.
 */
public final class ImageToImageTask {

    private final double strength;

    /** @param strength in (0, 1]: how far into the noise the input is pushed */
    public ImageToImageTask(double strength) {
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must lie in (0, 1], got " + strength);
        }
        this.strength = strength;
    }

    /** t0 = strength·(T-1). */
    public static double startTimestep(int numTrainTimesteps, double strength) {
        return strength * (numTrainTimesteps - 1);
    }

    /** ⌊steps·strength⌋, at least 1. */
    public static int stepsFor(int steps, double strength) {
        return Math.max(1, (int) Math.floor(steps * strength + 1e-9));
    }

    /**
     * Re-imagines n images; {@code image} is not modified. The noise at t0 is the first draw.
     *
     * @return a new n x C x h x w tensor in model space
     */
    public float[] run(EpsModel model, SamplerSettings settings, float[] image, int n, int h, int w,
                       NoiseSource noise, Progress progress, CancelToken cancel) {
        return restore(model, settings, image, n, h, w, 1, noise, progress, cancel).mean();
    }

    /**
     * K draws per image in one batch ({@link PosteriorDraws} order: {@code noise} serves K·n images);
     * with K ≥ 2 their mean and per-pixel std.
     *
     * @return n x C x h x w in model space
     */
    public Restoration restore(EpsModel model, SamplerSettings settings, float[] image, int n, int h, int w,
                               int samples, NoiseSource noise, Progress progress, CancelToken cancel) {
        int c = model.metadata().channels();
        Tensors.checkShape(image, n, c, h, w, "input image");
        Tensors.checkFinite(image, "input image");
        PosteriorDraws.checkCount(samples);
        int m = samples * n;
        float[] y = PosteriorDraws.replicate(image, n, c * h * w, samples);
        NoiseSchedule schedule = NoiseSchedule.fromAlphasCumprod(model.metadata().alphasCumprod());
        double t0 = startTimestep(schedule.numTrainTimesteps(), strength);
        float[] x = DiffusionLoop.noisedStart(schedule, t0, y, m, c, h, w, noise);
        DiffusionLoop.run(model, schedule, Timesteps.startingAt(t0, stepsFor(settings.steps(), strength)),
                settings, x, m, h, w, noise, StepHook.NONE, progress, cancel);
        return Restoration.ofDraws(x, samples, n, c * h * w);
    }
}
