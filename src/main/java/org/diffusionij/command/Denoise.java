package org.diffusionij.command;

import ij.ImagePlus;
import org.diffusionij.pipeline.DenoiseOperation;
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

    @Parameter(label = "Samples averaged (more needs sampler ddpm or ddim)", min = "1", persist = false)
    private int samples = 1;

    @Parameter(label = "Denoised", type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Override
    protected void execute() {
        DenoiseOperation op = new DenoiseOperation(NoiseLevel.parse(sigma), samples, options());
        result = transform(options(), op);
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
