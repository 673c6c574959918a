package org.diffusionij.task;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.NoiseSource;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.sampler.StepHook;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.Timesteps;

/**
 * Removes additive Gaussian noise of known level σ (model units) by entering the reverse process
 * where its noise level matches: y = x0 + σ n is, scaled by √ᾱ*, a sample of x_t* with
 * ᾱ* = 1/(1+σ²). From there {@code settings.steps()} steps run to 0.
 *
 * <p>A stochastic sampler (DDPM, DDIM with η > 0) draws from the posterior p(x0 | y); averaging
 * {@code samples} such draws approaches the posterior mean (the MMSE estimate), smoother but less
 * sharp. A deterministic sampler maps y to one image, so averaging it is refused.
 */
public final class DenoiseTask {

    private final double sigma;
    private final int samples;

    /**
     * @param sigma   noise standard deviation in model units (data range mapped to [-1, 1]), > 0
     * @param samples posterior draws averaged per image, at least 1
     */
    public DenoiseTask(double sigma, int samples) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("noise level sigma must be a positive number (model units), got "
                    + sigma + "; estimate it with NoiseEstimator if unknown");
        }
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        this.sigma = sigma;
        this.samples = samples;
    }

    /** The (fractional) timestep whose ᾱ is 1/(1+σ²): where noise of level σ sits in the schedule. */
    public static double startTimestep(NoiseSchedule schedule, double sigma) {
        return schedule.timestepForAlphaBar(1 / (1 + sigma * sigma));
    }

    /**
     * Denoises n images; {@code noisy} is not modified.
     *
     * @return a new n x C x h x w tensor in model space
     */
    public float[] run(EpsModel model, SamplerSettings settings, float[] noisy, int n, int h, int w,
                       NoiseSource noise, Progress progress, CancelToken cancel) {
        int c = model.metadata().channels();
        Tensors.checkShape(noisy, n, c, h, w, "noisy image");
        Tensors.checkFinite(noisy, "noisy image");
        boolean deterministic = settings.kind() == SamplerKind.DPM_SOLVER_PP_2M
                || (settings.kind() == SamplerKind.DDIM && settings.eta() == 0);
        if (samples > 1 && deterministic) {
            throw new IllegalArgumentException("averaging " + samples + " runs of the deterministic sampler "
                    + settings.kind() + (settings.kind() == SamplerKind.DDIM ? " (eta 0)" : "") + " gives the same "
                    + "image " + samples + " times: use samples 1, or ddpm / ddim with eta > 0");
        }
        NoiseSchedule schedule = NoiseSchedule.fromAlphasCumprod(model.metadata().alphasCumprod());
        double tStart = startTimestep(schedule, sigma);
        double scale = Math.sqrt(schedule.alphaBar(tStart));
        int size = noisy.length;
        float[] x = new float[Tensors.size((long) samples * n, c, h, w, "the batch of " + samples + " samples")];
        for (int k = 0; k < samples; k++) {
            for (int i = 0; i < size; i++) x[k * size + i] = (float) (scale * noisy[i]);
        }
        DiffusionLoop.run(model, schedule, Timesteps.startingAt(tStart, settings.steps()), settings, x, samples * n,
                h, w, noise, StepHook.NONE, progress, cancel);
        if (samples == 1) return x;
        float[] mean = new float[size];
        for (int i = 0; i < size; i++) {
            double sum = 0;
            for (int k = 0; k < samples; k++) sum += x[k * size + i];
            mean[i] = (float) (sum / samples);
        }
        return mean;
    }
}
