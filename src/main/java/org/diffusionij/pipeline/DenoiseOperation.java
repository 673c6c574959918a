package org.diffusionij.pipeline;

import java.util.Locale;
import java.util.OptionalDouble;

import org.diffusionij.control.Progress;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.DenoiseTask;
import org.diffusionij.task.NoiseEstimator;

/**
 * Removes Gaussian noise of level σ (image units; estimated from the image when not given). With
 * a stochastic sampler one run is a posterior draw and {@code samples} draws are averaged.
 */
public final class DenoiseOperation implements ImageOperation {

    private final OptionalDouble sigma;
    private final int samples;
    private final DiffusionOptions options;
    private double sigmaImage;
    private String sigmaSource;
    private DenoiseTask task;
    private SamplerSettings settings;
    private GaussianNoise noise;

    /**
     * @param sigma   noise level in image units, or empty to estimate it
     * @param samples posterior draws averaged, at least 1
     */
    public DenoiseOperation(OptionalDouble sigma, int samples, DiffusionOptions options) {
        if (samples < 1) throw new IllegalArgumentException("samples is " + samples + " but must be at least 1.");
        if (sigma.isPresent() && sigma.getAsDouble() == 0) {
            throw new IllegalArgumentException("sigma is 0, which says the image has no noise to remove: give the "
                    + "noise level (> 0, image units), or leave sigma empty to estimate it.");
        }
        this.sigma = sigma;
        this.samples = samples;
        this.options = options;
    }

    /**
     * The noise level: empty or "auto" means estimate it from the image; otherwise a number >= 0
     * in the image's intensity units.
     */
    public static OptionalDouble parseSigma(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.toLowerCase(Locale.ROOT).equals("auto")) return OptionalDouble.empty();
        double s;
        try {
            s = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sigma '" + text + "' is not a number: give the noise level in the "
                    + "image's intensity units (e.g. sigma=12), or leave it empty to estimate it.");
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("sigma is " + t + " but a noise level cannot be negative: give a "
                    + "value >= 0 in the image's intensity units, or leave it empty to estimate it.");
        }
        return OptionalDouble.of(s);
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
        if (sigma.isPresent()) {
            sigmaImage = sigma.getAsDouble();
            sigmaSource = "given";
        } else {
            double model = estimate(job);
            int planes = job.count() * ImageTensors.channels(job.image(), job.layout());
            sigmaImage = job.map().sigmaToImage(model);
            sigmaSource = "estimated from the image (median absolute diagonal Haar wavelet coefficient / 0.6745, "
                    + "Donoho's estimator, averaged over " + planes + " plane(s))";
            if (!(model > 0)) {
                throw new IllegalArgumentException("The noise level estimated from '" + job.image().getTitle()
                        + "' is 0 (the image looks noise-free or flat): give sigma explicitly.");
            }
        }
        double sigmaModel = job.map().sigmaToModel(sigmaImage);
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
