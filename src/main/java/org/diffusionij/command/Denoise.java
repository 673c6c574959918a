package org.diffusionij.command;

import ij.ImagePlus;
import java.util.Optional;

import org.diffusionij.pipeline.DenoiseOperation;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.PoissonGaussianDenoise;
import org.diffusionij.pipeline.RestorationOptions;
import org.diffusionij.task.Estimate;
import org.diffusionij.task.NoiseLevel;
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

    @Parameter(label = "Estimate (mean = posterior mean, one network call; sample = a sharp draw)",
            choices = {"mean", "sample"}, persist = false)
    private String estimate = Estimate.DEFAULT.toString();

    @Parameter(label = "Noise", choices = {"gaussian", "poisson-gaussian"}, persist = false)
    private String noise = PoissonGaussianDenoise.NOISE;

    @Parameter(label = "Gain (poisson-gaussian; empty = estimate)", required = false, persist = false)
    private String gain = "";

    @Parameter(label = "Offset (poisson-gaussian; empty = estimate)", required = false, persist = false)
    private String offset = "";

    @Parameter(label = "Read noise (poisson-gaussian; empty = estimate)", required = false, persist = false)
    private String readnoise = "";

    @Parameter(label = "Denoised", type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Override
    protected void execute() {
        DiffusionOptions options = options();
        RestorationOptions r = restoration();
        Estimate e = Estimate.parse(estimate);
        Optional<PoissonGaussianDenoise> photons = PoissonGaussianDenoise.parse(noise, gain, offset, readnoise);
        if (photons.isPresent()) {
            if (sigma != null && !sigma.isBlank()) {
                throw new IllegalArgumentException("sigma is for Gaussian noise; with noise=poisson-gaussian give gain, "
                        + "offset and read-noise instead (or leave them empty to estimate them).");
            }
            DenoiseOperation.check(e, r.samples(), r.uncertainty(), options);
            ImagePlus img = image();
            result = shown(withPipeline(options, p -> photons.get().restore(p, img, r.range(), e, r.samples(), r.uncertainty(),
                    options, log::info)));
            return;
        }
        result = transform(options, r, new DenoiseOperation(NoiseLevel.parse(sigma), e, r.samples(),
                r.uncertainty(), options));
    }
}
