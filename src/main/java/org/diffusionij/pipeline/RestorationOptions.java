package org.diffusionij.pipeline;

import org.diffusionij.image.IntensityRange;

/**
 * The options every image command (Denoise, Inpaint, Super-resolve, Image to image) shares beside
 * {@link DiffusionOptions}, and the one place their defaults live. The Fiji commands
 * ({@code command.ImageCommand}) and the launcher ({@code cli.RestorationOptionsMixin}) declare
 * each once, under the same name (macro key, and {@code --name} on the command line), and build
 * this record with {@link #of}. A command that wants another default sets it in its constructor
 * (Fiji) or names it in {@code defaultSamples()} (launcher), as Super-resolve does with
 * {@link SuperResolveOperation#DEFAULT_SAMPLES}.
 *
 * <p>Denoise's own options (sigma, estimate, noise, gain, offset, read noise) stay with Denoise:
 * no other command has a use for them.
 *
 * @param range       which image values map to the model's [-1, 1]
 * @param samples     K posterior draws per image, at least 1
 * @param uncertainty also return the per-pixel spread of the K draws (needs K ≥ 2)
 */
public record RestorationOptions(IntensityRange range, int samples, boolean uncertainty) {

    /** Range: auto, model, or LOW,HIGH (see {@link IntensityRange}). */
    public static final String RANGE = IntensityRange.DEFAULT;
    /**
     * One draw: a sharp, plausible result (for Inpaint a sharp fill beats the blurred mean of
     * many); more draws are averaged.
     */
    public static final int SAMPLES = 1;
    public static final boolean UNCERTAINTY = false;

    public RestorationOptions {
        if (range == null) throw new IllegalArgumentException("range is missing: use auto, model or LOW,HIGH");
        Draws.check(samples, uncertainty);
    }

    /** Parses the text forms that dialogs, macros and the command line give; an empty range is the default. */
    public static RestorationOptions of(String range, int samples, boolean uncertainty) {
        return new RestorationOptions(IntensityRange.parse(range), samples, uncertainty);
    }
}
