package org.diffusionij.command;

import org.diffusionij.pipeline.DiffusionOptions;
import org.scijava.plugin.Parameter;

/**
 * A command that samples with the model: declares the shared sampling parameters once (macro keys
 * {@code sampler}, {@code steps}, {@code eta}, {@code seed}, beside {@code model} and
 * {@code device}), starting from {@link DiffusionOptions}' defaults. A command that wants another
 * default sets the field in its constructor.
 */
public abstract class SamplingCommand extends DiffusionCommand {

    @Parameter(label = "Sampler", choices = {"dpm++2m", "ddim", "ddpm"}, persist = false)
    protected String sampler = DiffusionOptions.SAMPLER;

    @Parameter(label = "Steps", min = "1", persist = false)
    protected int steps = DiffusionOptions.STEPS;

    @Parameter(label = "Eta (ddim stochasticity; 0 = deterministic)", min = "0", max = "1", stepSize = "0.1",
            persist = false)
    protected double eta = DiffusionOptions.ETA;

    @Parameter(label = "Seed", persist = false)
    protected long seed = DiffusionOptions.SEED;

    /** The shared options as given, checked (one message naming the option and the fix). */
    protected DiffusionOptions options() {
        return DiffusionOptions.of(modelOrDefault(), device, sampler, steps, eta, seed);
    }
}
