package org.diffusionij.pipeline;

import java.nio.file.Path;

import org.diffusionij.model.Device;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.TimestepSpacing;

/**
 * The options every Diffusion run shares, in the menus, macros and the launcher, and the one place
 * their defaults live. The Fiji commands ({@code command.SamplingCommand}) and the launcher
 * ({@code cli.DiffusionOptionsMixin}) start their fields from these constants and build a record with
 * {@link #of}, which checks every value with a message that names the option and the fix.
 *
 * <p>Adding a shared option: a component here with its default constant and its check, a
 * parameter of {@link #of}; a field named like the component (the name is the macro key and, as
 * {@code --name}, the launcher option) in {@code command.SamplingCommand} and in
 * {@code cli.DiffusionOptionsMixin}, each passed to {@link #of}; then its use. Options that only
 * the image commands share (range, samples, uncertainty) live the same way in {@link RestorationOptions}.
 *
 * @param model   model name (bundled or in a models folder), ONNX file or bioimage.io zip; empty: the default
 * @param device  where the network runs
 * @param sampler update rule
 * @param steps   network calls per image, at least 1
 * @param eta     DDIM stochasticity in [0, 1] (0 = deterministic); other rules ignore it
 * @param seed    random seed; the same seed gives the same images
 */
public record DiffusionOptions(String model, Device device, SamplerKind sampler, int steps, double eta, long seed) {

    /**
     * Empty: the command's default model ({@link DefaultModel#NAME}; {@link DefaultModel#RESTORATION}
     * for the image commands).
     */
    public static final String MODEL = "";
    public static final String DEVICE = "auto";
    public static final String SAMPLER = "dpm++2m";
    public static final int STEPS = 25;
    public static final double ETA = 0;
    public static final long SEED = 1;

    /** Device choices shown in dialogs. */
    public static final String[] DEVICES = {"auto", "cpu", "gpu"};
    /** Sampler choices shown in dialogs (SamplerKind labels). */
    public static final String[] SAMPLERS = {"dpm++2m", "ddim", "ddpm"};

    public DiffusionOptions {
        if (model == null) model = MODEL;
        if (device == null) throw new IllegalArgumentException("device is missing: use auto, cpu or gpu");
        if (sampler == null) throw new IllegalArgumentException("sampler is missing: use ddpm, ddim or dpm++2m");
        if (steps < 1) throw new IllegalArgumentException("steps is " + steps + " but must be at least 1.");
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta is " + eta + " but must lie in [0, 1] (0 = deterministic DDIM).");
        }
    }

    /** Every option at its default. */
    public static DiffusionOptions defaults() {
        return of(MODEL, DEVICE, SAMPLER, STEPS, ETA, SEED);
    }

    /** Parses the text forms that dialogs, macros and the command line give. */
    public static DiffusionOptions of(String model, String device, String sampler, int steps, double eta, long seed) {
        return new DiffusionOptions(model == null ? MODEL : model.trim(), Device.parse(device),
                SamplerKind.parse(sampler == null ? SAMPLER : sampler), steps, eta, seed);
    }

    /** The ONNX file of {@link #model} (a name, a file, or empty for the default model; see {@link ModelCatalog}). */
    public Path modelFile() {
        return ModelCatalog.standard().resolve(model);
    }

    /** The sampler settings for a model: these options, trailing spacing, clipping on, the model's variance. */
    public SamplerSettings settings(ModelMetadata metadata) {
        return new SamplerSettings(sampler, steps, eta, TimestepSpacing.TRAILING, true,
                metadata.fixedLargeVariance());
    }

    /** A copy with another model and device, given as text. */
    public DiffusionOptions withModel(String model, String device) {
        return new DiffusionOptions(model == null ? MODEL : model.trim(), Device.parse(device), sampler, steps, eta, seed);
    }
}
