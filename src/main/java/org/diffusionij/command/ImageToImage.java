package org.diffusionij.command;

import java.io.File;
import java.util.Locale;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.ImageToImageTask;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Image to image…: SDEdit. The image is pushed part of the way into noise
 * ({@code strength}: 0 keeps it, 1 redraws it from noise) and brought back by the model.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Image to image...")
public class ImageToImage extends ImageCommand {

    @Parameter(label = "Strength (0 = keep, 1 = redraw)", min = "0", max = "1", stepSize = "0.05",
            style = "format:0.00", persist = false)
    private double strength = 0.5;

    @Parameter(label = "Steps (at strength 1)", min = "1", persist = false)
    private int steps = 25;

    @Parameter(label = "Sampler", choices = {"dpm++2m", "ddim", "ddpm"}, persist = false)
    private String sampler = "dpm++2m";

    @Parameter(label = "Seed", persist = false)
    private long seed = 1;

    @Parameter(label = "Model file (.onnx; empty = the bundled model)", required = false, persist = false,
            style = ModelChoice.FILE_STYLE)
    private File model;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "Result", type = ItemIO.OUTPUT)
    private ImagePlus result;

    private ImageToImageTask task;
    private SamplerSettings settings;
    private GaussianNoise noise;

    @Override
    protected void execute() {
        Inputs.strength(strength);
        Inputs.atLeast("steps", steps, 1);
        result = transform(model, device, 1, "img2img");
    }

    @Override
    protected void prepare(Job job) {
        settings = SamplerSettings.defaults().withKind(Inputs.sampler(sampler)).withSteps(steps)
                .withFixedLargeVariance(job.metadata.fixedLargeVariance());
        task = strength > 0 ? new ImageToImageTask(strength) : null;
        noise = new GaussianNoise(seed);
    }

    @Override
    protected float[] runChunk(Job job, float[] x, int first, int n, int h, int w, Progress progress) {
        if (task == null) return x; // strength 0: nothing is noised, so nothing changes
        return task.run(job.model, settings, x, n, h, w, noise, progress, token());
    }

    @Override
    protected String summary(Job job) {
        return String.format(Locale.ROOT, "image to image at strength %.3g, %s %d of %d steps", strength,
                settings.kind(), strength > 0 ? ImageToImageTask.stepsFor(steps, strength) : 0, steps);
    }

    @Override
    protected void clearOutputs() {
        result = null;
    }

    @Override
    protected String name() {
        return "Image to image";
    }
}
