package org.diffusionij.task;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.NoiseSource;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.sampler.StepHook;

/** Unconditional generation: pure noise x_T through the whole reverse process. */
public final class GenerateTask {

    private final int count;
    private final int height;
    private final int width;

    /** {@code count} images of {@code height} x {@code width} pixels. */
    public GenerateTask(int count, int height, int width) {
        if (count < 1) throw new IllegalArgumentException("number of images must be at least 1, got " + count);
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + " x " + height);
        }
        this.count = count;
        this.height = height;
        this.width = width;
    }

    /**
     * Draws x_T from {@code noise}, then runs the sampler; all images in one batch.
     *
     * @return count x C x height x width, in model space
     */
    public float[] run(EpsModel model, SamplerSettings settings, NoiseSource noise, Progress progress,
                       CancelToken cancel) {
        int c = model.metadata().channels();
        Tensors.size(count, c, height, width, "the generated batch");
        float[] x = DiffusionLoop.initialNoise(count, c, height, width, noise);
        return DiffusionLoop.run(model, settings, x, count, height, width, noise, StepHook.NONE, progress, cancel);
    }
}
