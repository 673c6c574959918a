package org.diffusionij.command;

import java.io.File;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import org.diffusionij.control.Progress;
import org.diffusionij.image.FillMask;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.Padding;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.InpaintTask;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Inpaint…: fills a region so that it agrees with the rest of the image;
 * every other pixel comes back exactly as it was. The region is the image's area selection
 * ({@code mask=selection}, the default) or the non-zero pixels of a mask image named by its title
 * ({@code mask=[my mask]}), applied to every plane.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Inpaint...")
public class Inpaint extends ImageCommand {

    /** The value of {@code mask} that means "use the selection". */
    public static final String SELECTION = "selection";

    @Parameter(label = "Region to fill: 'selection', or the title of a mask image", persist = false)
    private String mask = SELECTION;

    @Parameter(label = "Steps", min = "1", persist = false)
    private int steps = 25;

    @Parameter(label = "Sampler", choices = {"ddpm", "ddim", "dpm++2m"}, persist = false)
    private String sampler = "ddpm";

    @Parameter(label = "Seed", persist = false)
    private long seed = 1;

    @Parameter(label = "Model file (.onnx; empty = the bundled model)", required = false, persist = false,
            style = ModelChoice.FILE_STYLE)
    private File model;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "Inpainted", type = ItemIO.OUTPUT)
    private ImagePlus result;

    private FillMask region;
    private InpaintTask task;
    private SamplerSettings settings;
    private GaussianNoise noise;

    @Override
    protected void execute() {
        ImagePlus img = Inputs.image(input, "Inpaint...");
        Inputs.atLeast("steps", steps, 1);
        region = region(img);
        log.info("Inpaint: filling " + region.fillCount() + " pixel(s) per plane, " + region.source());
        result = transform(model, device, 1, "inpainted");
    }

    private FillMask region(ImagePlus img) {
        String m = mask == null ? "" : mask.trim();
        if (m.isEmpty() || m.equalsIgnoreCase(SELECTION)) return FillMask.fromSelection(img);
        ImagePlus maskImage = WindowManager.getImage(m);
        if (maskImage == null) {
            throw new IllegalArgumentException("There is no open image titled '" + m + "' to use as the mask: open "
                    + "the mask image, or use mask=selection to fill the selection.");
        }
        return FillMask.fromImage(maskImage, img);
    }

    @Override
    protected void prepare(Job job) {
        task = new InpaintTask();
        settings = SamplerSettings.defaults().withKind(Inputs.sampler(sampler)).withSteps(steps)
                .withFixedLargeVariance(job.metadata.fixedLargeVariance());
        noise = new GaussianNoise(seed);
    }

    @Override
    protected float[] runChunk(Job job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.run(job.model, settings, x, paddedMask(h, w), n, h, w, noise, progress, token());
    }

    /** The region as the task's 0/1 mask (1 = fill), mirror-padded like the image planes. */
    private float[] paddedMask(int h, int w) {
        float[] flags = new float[region.width() * region.height()];
        for (int i = 0; i < flags.length; i++) flags[i] = region.isFill(i) ? 1f : 0f;
        ImageBatch b = new ImageBatch(1, region.height(), region.width(), List.of(flags));
        return Padding.pad(b, h, w).sample(0);
    }

    @Override
    protected void finish(Job job, ImagePlus out) {
        // Known pixels bit for bit from the input, not through model space and back.
        region.restoreKnown(job.image, out);
    }

    @Override
    protected String summary(Job job) {
        return "inpainted " + region.fillCount() + " pixel(s) per plane (" + region.source() + "), "
                + settings.kind() + " " + steps + " steps";
    }

    @Override
    protected void clearOutputs() {
        result = null;
    }

    @Override
    protected String name() {
        return "Inpaint";
    }
}
