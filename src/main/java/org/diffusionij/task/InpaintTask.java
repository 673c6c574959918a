package org.diffusionij.task;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.NoiseSource;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;

/**
 * Fills the masked pixels of an image so that they agree with the rest, which comes back exactly
 * unchanged. Each step keeps x̂0's known pixels equal to the image (DDNM) and re-noises the known
 * pixels of the new state from the image (RePaint) — see {@link KnownRegionHook}.
 */
public final class InpaintTask {

    /**
     * Inpaints n images; neither input is modified.
     *
     * @param image n x C x h x w, model space; values under the mask are ignored
     * @param mask  1 = fill, 0 = keep; h*w values (one mask for every image and channel) or n*h*w
     * @param noise x_T is its first draw; each step then draws once to re-noise the known pixels
     * @return a new n x C x h x w tensor: the image with the masked pixels filled
     */
    public float[] run(EpsModel model, SamplerSettings settings, float[] image, float[] mask, int n, int h, int w,
                       NoiseSource noise, Progress progress, CancelToken cancel) {
        int c = model.metadata().channels();
        Tensors.checkShape(image, n, c, h, w, "image");
        int[] known = knownIndices(mask, n, c, h, w);
        for (int i : known) {
            if (!Float.isFinite(image[i])) {
                throw new IllegalArgumentException("image contains " + image[i] + " at index " + i
                        + " outside the mask; replace NaN/infinite pixels or include them in the mask");
            }
        }
        float[] out = image.clone();
        if (known.length == out.length) return out;
        NoiseSchedule schedule = NoiseSchedule.fromAlphasCumprod(model.metadata().alphasCumprod());
        float[] x = DiffusionLoop.initialNoise(n, c, h, w, noise);
        DiffusionLoop.run(model, settings, x, n, h, w, noise, new KnownRegionHook(schedule, image, known), progress,
                cancel);
        for (int i = 0; i < out.length; i++) out[i] = x[i];
        for (int i : known) out[i] = image[i];
        return out;
    }

    /** NCHW indices of pixels to keep; refuses masks of the wrong size or with values other than 0/1. */
    static int[] knownIndices(float[] mask, int n, int c, int h, int w) {
        int plane = h * w;
        if (mask == null || (mask.length != plane && mask.length != n * plane)) {
            throw new IllegalArgumentException("mask has " + (mask == null ? "no" : mask.length) + " values; it needs "
                    + plane + " (one " + w + " x " + h + " mask for all images) or " + n * plane + " (one per image)");
        }
        int count = 0;
        for (int i = 0; i < mask.length; i++) {
            float v = mask[i];
            if (v != 0f && v != 1f) {
                throw new IllegalArgumentException("mask value " + v + " at index " + i
                        + " is neither 0 (keep) nor 1 (fill); binarise the mask first");
            }
            if (v == 0f) count++;
        }
        int perImage = mask.length == plane ? count : -1;
        int[] known = new int[mask.length == plane ? n * c * perImage : c * count];
        int k = 0;
        for (int b = 0; b < n; b++) {
            int m0 = mask.length == plane ? 0 : b * plane;
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    if (mask[m0 + p] == 0f) known[k++] = base + p;
                }
            }
        }
        return known;
    }
}
