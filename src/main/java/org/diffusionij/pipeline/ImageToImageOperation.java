package org.diffusionij.pipeline;

import java.util.Locale;

import org.diffusionij.control.Progress;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.ImageToImageTask;
import org.diffusionij.task.Restoration;

/** SDEdit: the image is pushed part of the way into noise ({@code strength}) and brought back by the model. */
public final class ImageToImageOperation extends DrawingOperation {

    private final double strength;
    private SamplerSettings settings;
    private ImageToImageTask task;

    /** @param strength 0 keeps the image, 1 redraws it from noise */
    public ImageToImageOperation(double strength, DiffusionOptions options) {
        this(strength, 1, false, options);
    }

    /**
     * @param strength    0 keeps the image, 1 redraws it from noise
     * @param samples     K draws averaged, at least 1
     * @param uncertainty also return the per-pixel std of the K draws (needs K ≥ 2)
     */
    public ImageToImageOperation(double strength, int samples, boolean uncertainty, DiffusionOptions options) {
        super(samples, uncertainty, options);
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength is " + strength + " but must lie in 0..1 (0 keeps the "
                    + "image, 1 redraws it from noise).");
        }
        this.strength = strength;
    }

    @Override
    public String name() {
        return "Image to image";
    }

    @Override
    public String suffix() {
        return "img2img";
    }

    @Override
    public void prepare(ImageJob job) {
        settings = options.settings(job.metadata());
        task = strength > 0 ? new ImageToImageTask(strength) : null;
    }

    @Override
    public Restoration restore(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        if (task == null) {
            // strength 0: nothing is noised, so nothing changes and the draws agree exactly
            return new Restoration(x, samples > 1 ? new float[x.length] : null, samples);
        }
        return task.restore(job.model(), settings, x, n, h, w, samples, noise(first, n),
                progress, job.token());
    }

    @Override
    public String summary() {
        int steps = settings.steps();
        return String.format(Locale.ROOT, "image to image at strength %.3g, %s %d of %d steps, %s", strength,
                settings.kind(), strength > 0 ? ImageToImageTask.stepsFor(steps, strength) : 0, steps,
                samples == 1 ? "one draw" : "mean of " + samples + " draws");
    }
}
