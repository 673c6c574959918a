package org.diffusionij.pipeline;

import java.util.Locale;

import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.ImageToImageTask;

/** SDEdit: the image is pushed part of the way into noise ({@code strength}) and brought back by the model. */
public final class ImageToImageOperation implements ImageOperation {

    private final double strength;
    private final DiffusionOptions options;
    private SamplerSettings settings;
    private ImageToImageTask task;
    private GaussianNoise noise;

    /** @param strength 0 keeps the image, 1 redraws it from noise */
    public ImageToImageOperation(double strength, DiffusionOptions options) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength is " + strength + " but must lie in 0..1 (0 keeps the "
                    + "image, 1 redraws it from noise).");
        }
        this.strength = strength;
        this.options = options;
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
        noise = new GaussianNoise(options.seed());
    }

    @Override
    public float[] run(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        if (task == null) return x; // strength 0: nothing is noised, so nothing changes
        return task.run(job.model(), settings, x, n, h, w, noise, progress, job.token());
    }

    @Override
    public String summary() {
        int steps = settings.steps();
        return String.format(Locale.ROOT, "image to image at strength %.3g, %s %d of %d steps", strength,
                settings.kind(), strength > 0 ? ImageToImageTask.stepsFor(steps, strength) : 0, steps);
    }
}
