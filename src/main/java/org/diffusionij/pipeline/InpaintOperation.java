package org.diffusionij.pipeline;

import java.util.List;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.FillMask;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.Padding;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.InpaintTask;

/** Fills a region so that it agrees with the rest of the image; every other pixel comes back exactly. */
public final class InpaintOperation implements ImageOperation {

    private final FillMask region;
    private final DiffusionOptions options;
    private final InpaintTask task = new InpaintTask();
    private SamplerSettings settings;
    private GaussianNoise noise;

    /** @param region the pixels to fill, applied to every plane */
    public InpaintOperation(FillMask region, DiffusionOptions options) {
        this.region = region;
        this.options = options;
    }

    @Override
    public String name() {
        return "Inpaint";
    }

    @Override
    public String suffix() {
        return "inpainted";
    }

    @Override
    public void prepare(ImageJob job) {
        job.log("Inpaint: filling " + region.fillCount() + " pixel(s) per plane, " + region.source());
        settings = options.settings(job.metadata());
        noise = new GaussianNoise(options.seed());
    }

    @Override
    public float[] run(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.run(job.model(), settings, x, paddedMask(h, w), n, h, w, noise, progress, job.token());
    }

    /** The region as the task's 0/1 mask (1 = fill), mirror-padded like the image planes. */
    private float[] paddedMask(int h, int w) {
        float[] flags = new float[region.width() * region.height()];
        for (int i = 0; i < flags.length; i++) flags[i] = region.isFill(i) ? 1f : 0f;
        ImageBatch b = new ImageBatch(1, region.height(), region.width(), List.of(flags));
        return Padding.pad(b, h, w).sample(0);
    }

    @Override
    public void finish(ImageJob job, ImagePlus out) {
        // Known pixels bit for bit from the input, not through model space and back.
        region.restoreKnown(job.image(), out);
    }

    @Override
    public String summary() {
        return "inpainted " + region.fillCount() + " pixel(s) per plane (" + region.source() + "), "
                + settings.kind() + " " + settings.steps() + " steps";
    }
}
