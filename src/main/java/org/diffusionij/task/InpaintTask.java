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
     * @param mask  1 = fill, 0 = keep: h*w values (one mask for every image and channel), n*h*w (one
     *              per image, shared by its channels) or n*C*h*w (one per image plane: a mask stack)
     * @param noise x_T is its first draw; each step then draws once to re-noise the known pixels
     * @return a new n x C x h x w tensor: the image with the masked pixels filled
     */
    public float[] run(EpsModel model, SamplerSettings settings, float[] image, float[] mask, int n, int h, int w,
                       NoiseSource noise, Progress progress, CancelToken cancel) {
        return restore(model, settings, image, mask, n, h, w, 1, noise, progress, cancel).mean();
    }

    /**
     * K fills per image in one batch ({@link PosteriorDraws} order: {@code noise} serves K·n images);
     * with K ≥ 2 their mean and per-pixel std (0 at known pixels, which every draw keeps exactly).
     *
     * @return n x C x h x w in model space; known pixels equal {@code image}
     */
    public Restoration restore(EpsModel model, SamplerSettings settings, float[] image, float[] mask, int n, int h,
                               int w, int samples, NoiseSource noise, Progress progress, CancelToken cancel) {
        int c = model.metadata().channels();
        Tensors.checkShape(image, n, c, h, w, "image");
        PosteriorDraws.checkCount(samples);
        int[] known = knownIndices(mask, n, c, h, w);
        for (int i : known) {
            if (!Float.isFinite(image[i])) {
                throw new IllegalArgumentException("image contains " + image[i] + " at index " + i
                        + " outside the mask; replace NaN/infinite pixels or include them in the mask");
            }
        }
        int size = c * h * w;
        if (known.length == image.length) {
            return Restoration.ofDraws(PosteriorDraws.replicate(image, n, size, samples), samples, n, size);
        }
        int m = samples * n;
        float[] y = PosteriorDraws.replicate(image, n, size, samples);
        int[] knownAll = replicateIndices(known, n, size, samples);
        NoiseSchedule schedule = NoiseSchedule.fromAlphasCumprod(model.metadata().alphasCumprod());
        float[] x = DiffusionLoop.initialNoise(m, c, h, w, noise);
        DiffusionLoop.run(model, settings, x, m, h, w, noise, new KnownRegionHook(schedule, y, knownAll), progress,
                cancel);
        for (int i : knownAll) x[i] = y[i];
        return Restoration.ofDraws(x, samples, n, size);
    }

    /** Known indices of n images mapped to the K·n images of the replicated batch. */
    private static int[] replicateIndices(int[] known, int n, int size, int k) {
        if (k == 1) return known;
        int[] out = new int[known.length * k];
        int o = 0;
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start;
            while (end < known.length && known[end] < (i + 1) * size) end++;
            for (int j = 0; j < k; j++) {
                int shift = (i * k + j) * size - i * size;
                for (int q = start; q < end; q++) out[o++] = known[q] + shift;
            }
            start = end;
        }
        return out;
    }

    /**
     * NCHW indices of pixels to keep, ascending; refuses masks of the wrong size or with values
     * other than 0/1.
     */
    static int[] knownIndices(float[] mask, int n, int c, int h, int w) {
        int plane = h * w;
        int perPlane = mask == null ? -1 : mask.length == plane ? 0 : mask.length == n * plane ? 1
                : mask.length == n * c * plane ? 2 : -1;
        if (perPlane < 0) {
            throw new IllegalArgumentException("mask has " + (mask == null ? "no" : mask.length) + " values; it needs "
                    + plane + " (one " + w + " x " + h + " mask for all images), " + n * plane + " (one per image) or "
                    + n * c * plane + " (one per image plane)");
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
        int[] known = new int[perPlane == 0 ? n * c * count : perPlane == 1 ? c * count : count];
        int k = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * plane;
                int m0 = perPlane == 0 ? 0 : perPlane == 1 ? b * plane : base;
                for (int p = 0; p < plane; p++) {
                    if (mask[m0 + p] == 0f) known[k++] = base + p;
                }
            }
        }
        return known;
    }
}
