package org.diffusionij.cli;

import java.nio.file.Path;

import org.diffusionij.pipeline.RestorationOptions;
import org.diffusionij.pipeline.SuperResolveOperation;

import picocli.CommandLine.Option;

/**
 * The launcher's mirror of {@link RestorationOptions} for the image subcommands: the same options
 * under the Fiji commands' macro keys ({@code --range}, {@code --samples}, {@code --uncertainty}).
 * Where Fiji shows a checkbox, {@code --uncertainty} names the file to write the map to.
 */
final class RestorationOptionsMixin {

    @Option(names = "--range", paramLabel = "auto|model|LOW,HIGH", defaultValue = RestorationOptions.RANGE,
            description = "image values mapped to the model's [-1, 1]: auto (the clean signal's range), model (the "
                    + "model's own), or two values (default: ${DEFAULT-VALUE})")
    String range;

    @Option(names = "--samples", paramLabel = "K",
            description = "posterior draws per image, averaged into the result (denoise --estimate mean: the mean "
                    + "is Tweedie's, or the censored mean on saturated pixels; the draws only give --uncertainty); K >= 2 gives --uncertainty (default: "
                    + RestorationOptions.SAMPLES + "; super-resolve: " + SuperResolveOperation.DEFAULT_SAMPLES
                    + ", whose mean beats bicubic)")
    Integer samples;

    @Option(names = "--uncertainty", paramLabel = "FILE.tif",
            description = "also write the per-pixel spread of the K draws (32-bit, image units; denoise: their rms "
                    + "about the mean, the others: their std); needs --samples >= 2")
    Path uncertainty;

    /** The options given, with {@code defaultSamples} when --samples is not. */
    RestorationOptions options(int defaultSamples) {
        return RestorationOptions.of(range, samples == null ? defaultSamples : samples, uncertainty != null);
    }
}
