package org.diffusionij.pipeline;

import java.util.Locale;
import java.util.Optional;

import org.diffusionij.control.Progress;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.DenoiseTask;
import org.diffusionij.task.NoiseEstimator;
import org.diffusionij.task.NoiseLevel;
import org.diffusionij.schedule.NoiseSchedule;

/**
 * Removes Gaussian noise of level σ (image units; estimated from the image when not given). With
 * a stochastic sampler one run is a posterior draw and {@code samples} draws are averaged.
 */
public final class DenoiseOperation implements ImageOperation {

    private final Optional<NoiseLevel> sigma;
    private final int samples;
    private final DiffusionOptions options;
    private double sigmaImage;
    private String sigmaSource;
    private DenoiseTask task;
    private SamplerSettings settings;
    private GaussianNoise noise;

    /**
     * @param sigma   noise level ({@link NoiseLevel#parse}), or empty to estimate it
     * @param samples posterior draws averaged, at least 1
     */
    public DenoiseOperation(Optional<NoiseLevel> sigma, int samples, DiffusionOptions options) {
        if (samples < 1) throw new IllegalArgumentException("samples is " + samples + " but must be at least 1.");
        this.sigma = sigma;
        this.samples = samples;
        this.options = options;
    }

    @Override
    public String name() {
        return "Denoise";
    }

    @Override
    public String suffix() {
        return "denoised";
    }

    @Override
    public void prepare(ImageJob job) {
        NoiseLevel level;
        if (sigma.isPresent()) {
            level = sigma.get();
            sigmaSource = "given";
        } else {
            double model = estimate(job);
            int planes = job.count() * ImageTensors.channels(job.image(), job.layout());
            level = NoiseLevel.estimated(job.map().sigmaToImage(model), job.image().getTitle());
            sigmaSource = "estimated from the image (median absolute diagonal Haar wavelet coefficient / 0.6745, "
                    + "Donoho's estimator, averaged over " + planes + " plane(s))";
        }
        sigmaImage = level.imageUnits();
        double sigmaModel = level.toModel(job.map().sigmaToModel(1),
                NoiseSchedule.fromAlphasCumprod(job.metadata().alphasCumprod()));
        job.log(String.format(Locale.ROOT, "Denoise: sigma %.4g (image units) = %.4g (model units), %s",
                sigmaImage, sigmaModel, sigmaSource));
        task = new DenoiseTask(sigmaModel, samples);
        settings = options.settings(job.metadata());
        noise = new GaussianNoise(options.seed());
    }

    /** Donoho's wavelet estimate of every sample (read one at a time), averaged, in model units. */
    private static double estimate(ImageJob job) {
        double s = 0;
        for (int i = 0; i < job.count(); i++) {
            ImageBatch one = job.samples(i, i + 1);
            s += NoiseEstimator.estimateSigma(one.sample(0), one.height(), one.width());
        }
        return s / job.count();
    }

    @Override
    public int copiesPerSample() {
        return samples;
    }

    @Override
    public float[] run(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.run(job.model(), settings, x, n, h, w, noise, progress, job.token());
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "denoised with sigma %.4g (%s), %s %d steps, %d sample(s) averaged",
                sigmaImage, sigmaSource.startsWith("given") ? "given" : "estimated", settings.kind(),
                settings.steps(), samples);
    }
}
