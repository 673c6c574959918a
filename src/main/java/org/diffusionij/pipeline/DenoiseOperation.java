package org.diffusionij.pipeline;

import java.util.Locale;
import java.util.Optional;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.CensoredDenoise;
import org.diffusionij.task.DenoiseTask;
import org.diffusionij.task.Estimate;
import org.diffusionij.task.NoiseEstimator;
import org.diffusionij.task.NoiseLevel;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.task.Restoration;

/**
 * Removes Gaussian noise of level σ (image units; estimated from the raw image when not given).
 * {@code estimate=mean} (default): the posterior mean by Tweedie's formula, one network call;
 * with {@code samples} K ≥ 2 also K posterior draws (DDPM when the sampler is deterministic) for
 * the uncertainty. {@code estimate=sample}: K sampler runs, one sharp draw or their mean.
 */
public final class DenoiseOperation implements ImageOperation {

    private final Optional<NoiseLevel> sigma;
    private NoiseLevel level;
    private final Estimate estimate;
    private final int samples;
    private final boolean uncertainty;
    private final DiffusionOptions options;
    private double sigmaImage;
    private String sigmaSource;
    private DenoiseTask task;
    private SamplerSettings settings;
    /** Model values of the pixel type's limits (8/16-bit, RGB), where noise was clipped; NaN for 32-bit. */
    private float clipLow = Float.NaN, clipHigh = Float.NaN;
    private double sigmaModel;

    /** The sampler path of old: {@code samples} sampler draws averaged, no uncertainty map. */
    public DenoiseOperation(Optional<NoiseLevel> sigma, int samples, DiffusionOptions options) {
        this(sigma, Estimate.SAMPLE, samples, false, options);
    }

    /**
     * @param sigma       noise level ({@link NoiseLevel#parse}), or empty to estimate it
     * @param estimate    posterior mean (Tweedie) or posterior sample (sampler)
     * @param samples     K posterior draws, at least 1
     * @param uncertainty also return the per-pixel spread of the K draws (mean mode: their rms about the mean; needs K ≥ 2)
     */
    public DenoiseOperation(Optional<NoiseLevel> sigma, Estimate estimate, int samples, boolean uncertainty,
                            DiffusionOptions options) {
        check(estimate, samples, uncertainty, options);
        this.sigma = sigma;
        this.estimate = estimate;
        this.samples = samples;
        this.uncertainty = uncertainty;
        this.options = options;
    }

    /**
     * Refuses, one line each: K < 1, uncertainty with K < 2, and estimate=sample with K > 1 draws
     * from a deterministic sampler (they would all be the same image).
     */
    public static void check(Estimate estimate, int samples, boolean uncertainty, DiffusionOptions options) {
        Draws.check(samples, uncertainty);
        if (estimate == Estimate.SAMPLE && samples > 1 && DenoiseTask.isDeterministic(options.sampler(), options.eta())) {
            throw new IllegalArgumentException("estimate=sample with samples=" + samples + " needs a stochastic sampler, "
                    + "but " + options.sampler() + (options.eta() == 0 ? "" : " eta " + options.eta()) + " gives the same "
                    + "image every time: use sampler=ddpm, samples=1, or estimate=mean.");
        }
    }

    @Override
    public String name() {
        return "Denoise";
    }

    @Override
    public String suffix() {
        return "denoised";
    }

    /** σ given, or Donoho's estimate on the raw values (image units), before the range is chosen. */
    @Override
    public double inputSigma(ImagePlus image, ChannelLayout layout) {
        if (sigma.isPresent()) {
            level = sigma.get();
            sigmaImage = level.imageUnits();
            sigmaSource = "given";
            return sigmaImage;
        }
        IntensityMap identity = new IntensityMap(-1, 1, "raw values");
        int count = layout.sampleCount(image);
        double s = 0;
        for (int i = 0; i < count; i++) {
            ImageBatch one = ImageTensors.toBatch(image, layout, identity, i, i + 1);
            s += NoiseEstimator.estimateSigma(one.sample(0), one.height(), one.width());
        }
        level = NoiseLevel.estimated(s / count, image.getTitle());
        sigmaImage = level.imageUnits();
        int planes = count * ImageTensors.channels(image, layout);
        sigmaSource = "estimated from the image (median absolute diagonal Haar wavelet coefficient / 0.6745, "
                + "Donoho's estimator, averaged over " + planes + " plane(s))";
        return sigmaImage;
    }

    @Override
    public boolean uncertainty() {
        return uncertainty;
    }

    /**
     * Clipped noise makes Donoho's estimate low: refine it with the model ({@link CensoredDenoise#sigma})
     * on a bounded sample of crops with saturated pixels ({@link CensoredCrops}), and take the refined
     * value for the whole image (the crops are where the clipping shows; elsewhere the plain estimate
     * was right).
     */
    private void refineClippedSigma(ImageJob job) {
        CensoredCrops crops = CensoredCrops.choose(job, clipLow, clipHigh);
        if (crops == null) return;
        int c = job.metadata().channels(), plane = crops.h * crops.w;
        double plain = 0;
        for (int p = 0; p < crops.n * c; p++) {
            plain += NoiseEstimator.estimateSigma(java.util.Arrays.copyOfRange(crops.x, p * plane, (p + 1) * plane),
                    crops.h, crops.w);
        }
        plain /= crops.n * c;
        if (!(plain > 0)) return;
        double refined = CensoredDenoise.sigma(job.model(), plain, crops.x, crops.n, crops.h, crops.w, clipLow, clipHigh,
                options.seed(), job.token());
        double before = sigmaImage;
        level = NoiseLevel.estimated(job.map().sigmaToImage(refined), job.image().getTitle());
        sigmaImage = level.imageUnits();
        sigmaSource += String.format(Locale.ROOT, ", refined from %.4g because saturated pixels clip the noise "
                + "(censored fixed point on %d crop(s) of %dx%d)", before, crops.n, crops.w, crops.h);
    }

    @Override
    public void prepare(ImageJob job) {
        int bits = job.image().getBitDepth();
        if (bits != 32) {
            clipLow = job.map().toModel(0);
            clipHigh = job.map().toModel(bits == 16 ? 65535 : 255);
            if (sigma.isEmpty()) refineClippedSigma(job);
        }
        if (estimate != Estimate.MEAN) clipLow = clipHigh = Float.NaN;
        // NoiseLevel refuses levels the model cannot remove (at or below its first step, beyond its last)
        sigmaModel = level.toModel(job.map().sigmaToModel(1),
                NoiseSchedule.fromAlphasCumprod(job.metadata().alphasCumprod()));
        job.log(String.format(Locale.ROOT, "Denoise: sigma %.4g (image units) = %.4g (model units), %s",
                sigmaImage, sigmaModel, sigmaSource));
        task = new DenoiseTask(sigmaModel, estimate, samples);
        settings = options.settings(job.metadata());
    }

    @Override
    public int copiesPerSample() {
        return Math.max(samples, CensoredDenoise.DRAWS);
    }

    @Override
    public float[] run(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return restore(job, x, first, n, h, w, progress).mean();
    }

    @Override
    public Restoration restore(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        if (!Float.isNaN(clipLow) && CensoredDenoise.anyCensored(x, clipLow, clipHigh)) {
            // Saturated pixels are censored, not observed: the mean by imputation; draws for the spread about it.
            float[] mean = CensoredDenoise.posteriorMean(job.model(), sigmaModel, x, n, h, w, clipLow, clipHigh,
                    options.seed() + first, job.token());
            progress.update(1, 1, "posterior mean, saturated pixels censored");
            if (samples == 1) return new Restoration(mean, null, 0);
            return task.aboutMean(mean, job.model(), settings, x, n, h, w, Draws.noise(options.seed(), first, n,
                    samples), progress, job.token());
        }
        return task.restore(job.model(), settings, x, n, h, w, Draws.noise(options.seed(), first, n, samples),
                progress, job.token());
    }

    @Override
    public String summary() {
        String how = estimate == Estimate.MEAN
                ? "posterior mean (Tweedie, one network call)" + (samples > 1 ? " and " + samples + " "
                        + DenoiseTask.drawSettings(settings).kind() + " draws for the uncertainty" : "")
                : samples + " posterior sample(s) by " + settings.kind() + " " + settings.steps() + " steps";
        return String.format(Locale.ROOT, "denoised with sigma %.4g (%s), %s", sigmaImage,
                sigmaSource.startsWith("given") ? "given" : "estimated", how);
    }
}
