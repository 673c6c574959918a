package org.diffusionij.pipeline;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.BlockMeans;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.Restoration;
import org.diffusionij.task.SuperResolveTask;

/**
 * ×2 or ×4 super-resolution (DDNM with average pooling): average-pooling the result gives the input
 * back. With {@code samples} K ≥ 2 the result is the mean of K draws (run as one batch) and their
 * std is the uncertainty.
 */
public final class SuperResolveOperation extends DrawingOperation {

    /**
     * Default {@code samples}: the mean of K draws beats bicubic in PSNR where one draw does much
     * less (measured through the launcher, see bench/notes.md).
     */
    public static final int DEFAULT_SAMPLES = 4;

    /**
     * Default {@code steps} of this command (steps from the bicubic guess at
     * {@link SuperResolveTask#START}, not from pure noise): 2 steps × 4 draws = 8 network calls per
     * tile: a 1024² → 2048² upscaling takes 35 s on 2 idle cores with general, the default
     * (bench/product-path/large-images.md; 100 calls would take ≈ 22 min with fashion-mnist-32); more steps give sharper
     * draws but a worse mean (25 steps: −0.3 dB on Fashion-MNIST; bench/notes.md, "Super-resolve from
     * the bicubic guess").
     */
    public static final int DEFAULT_STEPS = 2;

    private final int scale;
    private SamplerSettings settings;
    private SuperResolveTask task;

    /** One draw, no uncertainty. */
    public SuperResolveOperation(int scale, DiffusionOptions options) {
        this(scale, 1, false, options);
    }

    /**
     * @param samples     K draws averaged, at least 1
     * @param uncertainty also return the per-pixel std of the K draws (needs K ≥ 2)
     */
    public SuperResolveOperation(int scale, int samples, boolean uncertainty, DiffusionOptions options) {
        super(samples, uncertainty, options);
        if (scale != 2 && scale != 4) {
            throw new IllegalArgumentException("scale is " + scale + " but super-resolution supports 2 and 4: "
                    + "use scale=2 or scale=4.");
        }
        this.scale = scale;
    }

    @Override
    public String name() {
        return "Super-resolve";
    }

    @Override
    public String suffix() {
        return "x" + scale;
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public void prepare(ImageJob job) {
        task = new SuperResolveTask(scale);
        settings = options.settings(job.metadata());
    }

    @Override
    public Restoration restore(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return task.restore(job.model(), settings, x, n, h, w, samples, noise(first, n),
                progress, job.token());
    }

    /**
     * 8-bit, 16-bit and RGB results are clamped to their range on output, which would break
     * "average-pooling the result gives the input"; blocks that leave the range are shifted back
     * in while keeping their mean (see {@link BlockMeans}).
     */
    @Override
    public ImageBatch adjust(ImageJob job, ImageBatch input, ImageBatch result) {
        int type = job.image().getType();
        if (type == ImagePlus.GRAY32) return result;
        double max = type == ImagePlus.GRAY16 ? 65535 : 255;
        float lo = job.map().toModel(0);
        float hi = job.map().toModel(max);
        for (int i = 0; i < result.size(); i++) {
            BlockMeans.fitWithin(result.sample(i), input.sample(i), result.channels(), input.height(),
                    input.width(), scale, lo, hi);
        }
        return result;
    }

    @Override
    public String summary() {
        return "super-resolved x" + scale + ", " + settings.kind() + " " + settings.steps() + " steps from the bicubic "
                + "guess, "
                + (samples == 1 ? "one draw" : "mean of " + samples + " draws");
    }
}
