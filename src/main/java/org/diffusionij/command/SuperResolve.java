package org.diffusionij.command;

import java.io.File;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.BlockMeans;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.SuperResolveTask;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Super-resolve…: ×2 or ×4 (DDNM with average pooling), so that
 * average-pooling the result gives the input back; the pixel size is divided by the scale.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Super-resolve...")
public class SuperResolve extends ImageCommand {

    @Parameter(label = "Scale (2 or 4)", min = "2", max = "4", persist = false)
    private int scale = 2;

    @Parameter(label = "Steps", min = "1", persist = false)
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

    @Parameter(label = "Super-resolved", type = ItemIO.OUTPUT)
    private ImagePlus result;

    private SuperResolveTask task;
    private SamplerSettings settings;
    private GaussianNoise noise;

    @Override
    protected void execute() {
        Inputs.scale(scale);
        Inputs.atLeast("steps", steps, 1);
        result = transform(model, device, scale, "x" + scale);
    }

    @Override
    protected void prepare(Job job) {
        task = new SuperResolveTask(scale);
        settings = SamplerSettings.defaults().withKind(Inputs.sampler(sampler)).withSteps(steps)
                .withFixedLargeVariance(job.metadata.fixedLargeVariance());
        noise = new GaussianNoise(seed);
    }

    @Override
    protected float[] runChunk(Job job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.run(job.model, settings, x, n, h, w, noise, progress, token());
    }

    /**
     * 8-bit, 16-bit and RGB results are clamped to their range on output, which would break
     * "average-pooling the result gives the input"; blocks that leave the range are shifted back
     * in while keeping their mean (see {@link BlockMeans}).
     */
    @Override
    protected ImageBatch adjust(Job job, ImageBatch input, ImageBatch result) {
        int type = job.image.getType();
        if (type == ImagePlus.GRAY32) return result;
        double max = type == ImagePlus.GRAY16 ? 65535 : 255;
        float lo = job.map.toModel(0);
        float hi = job.map.toModel(max);
        for (int i = 0; i < result.size(); i++) {
            BlockMeans.fitWithin(result.sample(i), input.sample(i), result.channels(), input.height(),
                    input.width(), scale, lo, hi);
        }
        return result;
    }

    @Override
    protected String summary(Job job) {
        return "super-resolved x" + scale + ", " + settings.kind() + " " + steps + " steps";
    }

    @Override
    protected void clearOutputs() {
        result = null;
    }

    @Override
    protected String name() {
        return "Super-resolve";
    }
}
