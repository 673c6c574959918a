package org.diffusionij.command;

import java.io.File;
import java.util.Locale;
import java.util.OptionalDouble;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.DenoiseTask;
import org.diffusionij.task.NoiseEstimator;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Denoise…: removes Gaussian noise of level σ (in the image's intensity
 * units; estimated from the image when left empty). The default sampler, DPM-Solver++, maps the
 * noisy image to one result deterministically; with a stochastic sampler (ddpm, or ddim) one run
 * is a draw from the posterior and averaging {@code samples} draws approaches the posterior mean.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Denoise...")
public class Denoise extends ImageCommand {

    @Parameter(label = "Noise level sigma (image units; empty = estimate)", required = false, persist = false)
    private String sigma = "";

    @Parameter(label = "Steps", min = "1", persist = false)
    private int steps = 25;

    @Parameter(label = "Samples averaged (more needs sampler ddpm or ddim)", min = "1", persist = false)
    private int samples = 1;

    @Parameter(label = "Sampler", choices = {"dpm++2m", "ddpm", "ddim"}, persist = false)
    private String sampler = "dpm++2m";

    @Parameter(label = "Seed", persist = false)
    private long seed = 1;

    @Parameter(label = "Model file (.onnx; empty = the bundled model)", required = false, persist = false,
            style = ModelChoice.FILE_STYLE)
    private File model;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "Denoised", type = ItemIO.OUTPUT)
    private ImagePlus result;

    private DenoiseTask task;
    private SamplerSettings settings;
    private GaussianNoise noise;
    private double sigmaImage;
    private String sigmaSource;

    @Override
    protected void execute() {
        OptionalDouble given = Inputs.sigma(sigma);
        Inputs.atLeast("steps", steps, 1);
        Inputs.atLeast("samples", samples, 1);
        if (given.isPresent() && given.getAsDouble() == 0) {
            throw new IllegalArgumentException("sigma is 0, which says the image has no noise to remove: give the "
                    + "noise level (> 0, image units), or leave sigma empty to estimate it.");
        }
        sigmaImage = given.orElse(Double.NaN);
        sigmaSource = "given";
        result = transform(model, device, 1, "denoised");
    }

    @Override
    protected void prepare(Job job) {
        if (Double.isNaN(sigmaImage)) {
            // Donoho's wavelet estimate of every sample (read one at a time), averaged; in model
            // units, reported in image units.
            double s = 0;
            for (int i = 0; i < job.count; i++) {
                ImageBatch one = job.samples(i, i + 1);
                s += NoiseEstimator.estimateSigma(one.sample(0), one.height(), one.width());
            }
            double model = s / job.count;
            int planes = job.count * ImageTensors.channels(job.image, job.layout);
            sigmaImage = job.map.sigmaToImage(model);
            sigmaSource = "estimated from the image (median absolute diagonal Haar wavelet coefficient / 0.6745, "
                    + "Donoho's estimator, averaged over " + planes + " plane(s))";
            if (!(model > 0)) {
                throw new IllegalArgumentException("The noise level estimated from '" + job.image.getTitle()
                        + "' is 0 (the image looks noise-free or flat): give sigma explicitly.");
            }
        }
        double sigmaModel = job.map.sigmaToModel(sigmaImage);
        log.info(String.format(Locale.ROOT, "Denoise: sigma %.4g (image units) = %.4g (model units), %s",
                sigmaImage, sigmaModel, sigmaSource));
        task = new DenoiseTask(sigmaModel, samples);
        settings = SamplerSettings.defaults().withKind(Inputs.sampler(sampler)).withSteps(steps)
                .withFixedLargeVariance(job.metadata.fixedLargeVariance());
        noise = new GaussianNoise(seed);
    }

    @Override
    protected int copiesPerSample() {
        return samples;
    }

    @Override
    protected float[] runChunk(Job job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.run(job.model, settings, x, n, h, w, noise, progress, token());
    }

    @Override
    protected String summary(Job job) {
        return String.format(Locale.ROOT, "denoised with sigma %.4g (%s), %s %d steps, %d sample(s) averaged",
                sigmaImage, sigmaSource.startsWith("given") ? "given" : "estimated", settings.kind(), steps, samples);
    }

    @Override
    protected void clearOutputs() {
        result = null;
    }

    @Override
    protected String name() {
        return "Denoise";
    }
}
