package org.diffusionij.cli;

import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.SuperResolveOperation;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The launcher's mirror of {@link DiffusionOptions}: the same options under the same names as the Fiji
 * commands' macro keys ({@code --sampler}, {@code --steps}, {@code --eta}, {@code --seed}, and
 * {@code --model}, {@code --device} from {@link ModelOptions}), with the record's defaults.
 */
final class DiffusionOptionsMixin {

    @Mixin
    ModelOptions model;

    @Option(names = "--sampler", paramLabel = "dpm++2m|ddim|ddpm",
            description = "update rule (default: " + DiffusionOptions.SAMPLER + "; ddpm for inpaint)")
    String sampler;

    @Option(names = "--steps", paramLabel = "S",
            description = "network calls per image (default: " + DiffusionOptions.STEPS + "; super-resolve: "
                    + SuperResolveOperation.DEFAULT_STEPS + ", counted from the bicubic guess)")
    Integer steps;

    @Option(names = "--eta", paramLabel = "E", defaultValue = "" + DiffusionOptions.ETA,
            description = "DDIM stochasticity in [0, 1], 0 = deterministic (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "" + DiffusionOptions.SEED,
            description = "random seed; the same seed gives the same images (default: ${DEFAULT-VALUE})")
    long seed;

    /** The options given, with the command's own defaults for --sampler and --steps when they are not. */
    DiffusionOptions options(String defaultSampler, int defaultSteps) {
        int steps = this.steps == null ? defaultSteps : this.steps;
        if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("--eta must lie in [0, 1] (0 = deterministic), got " + eta);
        }
        return DiffusionOptions.of(model.model == null ? DiffusionOptions.MODEL : model.model,
                model.device.toString(), sampler == null ? defaultSampler : sampler, steps, eta, seed);
    }
}
