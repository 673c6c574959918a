package org.diffusionij.pipeline;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.task.Restoration;

/**
 * One image-to-image task as {@link ImagePipeline} runs it: the pipeline matches channels, maps
 * intensities, pads, chunks, crops and writes; the operation only runs its task on chunks of
 * samples in model space. One instance per run (it may keep what {@link #prepare} found).
 */
public interface ImageOperation {

    /** Name for log and status lines, e.g. "Denoise". */
    String name();

    /** Appended to the input's title for the result's title, e.g. "denoised". */
    String suffix();

    /** Output size / input size: 1, or the super-resolution factor. */
    default int scale() {
        return 1;
    }

    /**
     * The input's noise σ in its own units, known before intensities are mapped (given, or
     * estimated from the raw values): the {@code auto} range then describes the clean signal.
     * 0 when the operation takes the input as clean.
     */
    default double inputSigma(ImagePlus image, ChannelLayout layout) {
        return 0;
    }

    /** True when the run should also return the per-pixel std of its draws as a second image. */
    default boolean uncertainty() {
        return false;
    }

    /** Checks what needs the model or image (e.g. estimates σ); called once before any chunk. */
    default void prepare(ImageJob job) {
    }

    /**
     * How many working copies of each sample the task holds at once (Denoise averaging k samples
     * holds k); chunks shrink by this factor so memory stays bounded.
     */
    default int copiesPerSample() {
        return 1;
    }

    /**
     * Runs the task on {@code n} samples: {@code x} is NCHW in model space, mirror-padded to
     * {@code h} x {@code w}; {@code first} is the index of the chunk's first sample in the image.
     *
     * @return n samples of C x (h*scale) x (w*scale)
     */
    float[] run(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress);

    /**
     * Like {@link #run}, with the per-pixel std of the draws when the operation made K ≥ 2
     * (what the pipeline calls; operations that draw K samples override it).
     */
    default Restoration restore(ImageJob job, float[] x, int first, int n, int h, int w, Progress progress) {
        return new Restoration(run(job, x, first, n, h, w, progress), null, 0);
    }

    /**
     * May adjust a chunk's cropped result in model space before it is written (e.g. keep
     * super-resolution consistent within the output type's range); {@code input} holds the same
     * samples of the input. Returns the batch to write.
     */
    default ImageBatch adjust(ImageJob job, ImageBatch input, ImageBatch result) {
        return result;
    }

    /** Last touches on the finished image (e.g. putting known pixels back). */
    default void finish(ImageJob job, ImagePlus result) {
    }

    /** One line for the closing log: what was done (parameters, estimates). */
    String summary();
}
