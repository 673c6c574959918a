package org.diffusionij.image;

import java.util.Collections;
import java.util.List;

/**
 * Images in model layout: {@code size()} samples, each {@code channels x height x width} floats in
 * CHW order. One array per sample (not one for the whole batch) so that a long stack never needs
 * an array beyond 2^31 entries.
 */
public final class ImageBatch {

    private final int channels;
    private final int height;
    private final int width;
    private final List<float[]> samples;

    /**
     * @param samples arrays of length channels*height*width each; kept, not copied
     */
    public ImageBatch(int channels, int height, int width, List<float[]> samples) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("batch dimensions must be positive, got C=" + channels + " H="
                    + height + " W=" + width);
        }
        long per = (long) channels * height * width;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).length != per) {
                throw new IllegalArgumentException("sample " + i + " has " + samples.get(i).length
                        + " values; expected C*H*W = " + per);
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.samples = Collections.unmodifiableList(samples);
    }

    /** Number of samples. */
    public int size() {
        return samples.size();
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Values per sample: channels*height*width. */
    public int sampleLength() {
        return channels * height * width;
    }

    /** Sample {@code i} (CHW); the array itself, not a copy. */
    public float[] sample(int i) {
        return samples.get(i);
    }

    /** All samples, in order (unmodifiable list of the arrays themselves). */
    public List<float[]> samples() {
        return samples;
    }
}
