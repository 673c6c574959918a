package org.diffusionij.pipeline;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.FillMask;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.Padding;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.InpaintTask;
import org.diffusionij.task.Restoration;

/**
 * Fills a region so that it agrees with the rest of the image; every other pixel comes back exactly.
 * The region is one plane for every image plane or a mask stack (one plane per slice). With
 * {@code samples} K ≥ 2 the fill is the mean of K draws (a blurrier, PSNR-better fill) and their
 * std is the uncertainty (0 at known pixels).
 */
public final class InpaintOperation extends DrawingOperation {

    private final FillMask region;
    private final InpaintTask task = new InpaintTask();
    private SamplerSettings settings;

    /** @param region the pixels to fill; one draw */
    public InpaintOperation(FillMask region, DiffusionOptions options) {
        this(region, 1, false, options);
    }

    /**
     * @param region      the pixels to fill (one plane for all, or one per slice)
     * @param samples     K draws averaged, at least 1
     * @param uncertainty also return the per-pixel std of the K draws (needs K ≥ 2)
     */
    public InpaintOperation(FillMask region, int samples, boolean uncertainty, DiffusionOptions options) {
        super(samples, uncertainty, options);
        this.region = region;
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
        job.log("Inpaint: filling " + region.fillCount() + " pixel(s) " + (region.planes() > 1 ? "over all planes" : "per plane")
                + ", " + region.source());
        settings = options.settings(job.metadata());
    }

    @Override
    public Restoration restore(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.restore(job.model(), settings, x, paddedMask(job, first, n, h, w), n, h, w, samples,
                noise(first, n), progress, job.token());
    }

    /**
     * The region as the task's 0/1 mask (1 = fill) for samples {@code first..first+n-1}, each
     * channel plane the mask plane of its slice, mirror-padded like the image planes: n·C·h·w.
     */
    private float[] paddedMask(ImageJob job, int first, int n, int h, int w) {
        ImageBatch b = region.forSamples(job.image(), job.layout(), first, first + n);
        return Chunks.pack(Padding.pad(b, h, w), 0, n);
    }

    @Override
    public void finish(ImageJob job, ImagePlus out) {
        // Known pixels bit for bit from the input, not through model space and back.
        region.restoreKnown(job.image(), out);
    }

    @Override
    public String summary() {
        return "inpainted " + region.fillCount() + " pixel(s) " + (region.planes() > 1 ? "over all planes" : "per plane")
                + " (" + region.source() + "), " + settings.kind() + " " + settings.steps() + " steps, "
                + (samples == 1 ? "one draw" : "mean of " + samples + " draws");
    }
}
