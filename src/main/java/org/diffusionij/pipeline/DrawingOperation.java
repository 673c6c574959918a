package org.diffusionij.pipeline;

import org.diffusionij.control.Progress;
import org.diffusionij.sampler.PerImageNoise;
import org.diffusionij.task.Restoration;

/**
 * A restoration that draws {@code samples} = K posterior samples per image (all K in one network
 * batch) and returns their mean, plus their per-pixel std when {@code uncertainty} is asked for.
 * Super-resolve, Inpaint and Image to image share this; each says how one chunk is restored.
 */
abstract class DrawingOperation implements ImageOperation {

    protected final int samples;
    protected final DiffusionOptions options;
    private final boolean uncertainty;

    /**
     * @param samples     K draws averaged, at least 1
     * @param uncertainty also return the per-pixel std of the K draws (needs K ≥ 2)
     */
    DrawingOperation(int samples, boolean uncertainty, DiffusionOptions options) {
        Draws.check(samples, uncertainty);
        this.samples = samples;
        this.uncertainty = uncertainty;
        this.options = options;
    }

    @Override
    public final boolean uncertainty() {
        return uncertainty;
    }

    @Override
    public final int copiesPerSample() {
        return samples;
    }

    @Override
    public final float[] run(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return restore(job, x, first, n, h, w, progress).mean();
    }

    @Override
    public abstract Restoration restore(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress);

    /** The noise of samples {@code first .. first+n-1}, K draws each (see {@link Draws#noise}). */
    protected final PerImageNoise noise(int first, int n) {
        return Draws.noise(options.seed(), first, n, samples);
    }
}
