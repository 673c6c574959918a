package org.diffusionij.image;

import ij.ImagePlus;

/**
 * How an image's planes become model samples of C channels. Chosen from the image type and the
 * model's channel count by {@link #choose(ImagePlus, int)}; every stack or hyperstack plane is
 * used, so a stack of 40 slices becomes 40 (or 120, or 40/C) samples.
 */
public enum ChannelLayout {
    /** Gray image, 1-channel model: every (c, z, t) plane is its own sample. */
    GRAY_PLANES,
    /** RGB image, 3-channel model: each slice is one sample, channels red, green, blue. */
    RGB_CHANNELS,
    /** RGB image, 1-channel model: red, green and blue of each slice are three separate samples. */
    RGB_PLANES,
    /** Gray hyperstack whose channel count equals the model's (C > 1): each (z, t) is one sample. */
    HYPERSTACK_CHANNELS;

    /**
     * The layout that matches {@code imp} to a model with {@code modelChannels} channels.
     *
     * @throws IllegalArgumentException naming both channel counts and the fix when they cannot match
     */
    public static ChannelLayout choose(ImagePlus imp, int modelChannels) {
        boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
        if (modelChannels == 1) return rgb ? RGB_PLANES : GRAY_PLANES;
        if (modelChannels == 3 && rgb) return RGB_CHANNELS;
        if (!rgb && imp.getNChannels() == modelChannels) return HYPERSTACK_CHANNELS;
        String has = rgb ? "an RGB image (3 channels)"
                : "a " + imp.getBitDepth() + "-bit image with " + imp.getNChannels() + " channel"
                + (imp.getNChannels() == 1 ? "" : "s");
        String fix = modelChannels == 3
                ? "convert it with Image > Type > RGB Color (or make a 3-channel hyperstack), or choose a 1-channel model"
                : "make a hyperstack with " + modelChannels + " channels, or choose a model with 1 or "
                + (rgb ? "3" : Integer.toString(imp.getNChannels())) + " channels";
        throw new IllegalArgumentException("The model expects " + modelChannels + " channels but '"
                + imp.getTitle() + "' is " + has + ": " + fix + ".");
    }

    /** Channels of each sample in this layout for a model of {@code modelChannels}. */
    public int sampleChannels(int modelChannels) {
        switch (this) {
            case RGB_CHANNELS:
                return 3;
            case HYPERSTACK_CHANNELS:
                return modelChannels;
            default:
                return 1;
        }
    }

    /** Number of samples {@code imp} gives in this layout. */
    public int sampleCount(ImagePlus imp) {
        int slices = imp.getStackSize();
        switch (this) {
            case RGB_PLANES:
                return 3 * slices;
            case HYPERSTACK_CHANNELS:
                return slices / imp.getNChannels();
            default:
                return slices;
        }
    }
}
