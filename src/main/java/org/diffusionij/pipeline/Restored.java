package org.diffusionij.pipeline;

import ij.ImagePlus;

/**
 * What an image operation made: the result and, when asked for, the per-pixel standard deviation
 * of its K posterior draws in the image's units (32-bit, titled {@code <result>-uncertainty}).
 *
 * @param image       the result, of the input's type
 * @param uncertainty the std map, or {@code null} when not asked for
 */
public record Restored(ImagePlus image, ImagePlus uncertainty) {
}
