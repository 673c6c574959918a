package org.diffusionij.command;

import ij.ImagePlus;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.RestorationOptions;
import org.diffusionij.pipeline.Restored;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

/**
 * A command that turns the active image into a new one through the {@link ImagePipeline}: the
 * subclass only builds its {@link ImageOperation} from its parameters. The input is only read.
 * Declares the {@link RestorationOptions} once (macro keys {@code range}, {@code samples},
 * {@code uncertainty}), after the sampling options and before the command's own; a command that
 * wants another default sets the field in its constructor.
 */
public abstract class ImageCommand extends SamplingCommand {

    /** The image to work on: the active image in Fiji (ImageJ's single-image convention). */
    @Parameter(label = "Image", required = false, persist = false)
    protected ImagePlus input;

    /** Which image values map to the model's [-1, 1]: auto, model, or LOW,HIGH (see IntensityRange). */
    @Parameter(label = "Intensity range (auto, model, or LOW,HIGH)", required = false, persist = false)
    protected String range = RestorationOptions.RANGE;

    @Parameter(label = "Samples K (posterior draws per image; K >= 2 gives the uncertainty)", min = "1",
            persist = false)
    protected int samples = RestorationOptions.SAMPLES;

    @Parameter(label = "Uncertainty (per-pixel spread of the K draws, second window; K >= 2)", persist = false)
    protected boolean uncertainty = RestorationOptions.UNCERTAINTY;

    /** The per-pixel spread of the draws (image units), when uncertainty was asked for. */
    @Parameter(label = "Uncertainty", type = ItemIO.OUTPUT, required = false)
    protected ImagePlus uncertaintyMap;

    /** Shows the restoration default in the dialog (and records it in macros). */
    protected ImageCommand() {
        model = defaultModel();
    }

    /** Restoration runs on a prior of real images unless another model is given. */
    @Override
    protected String defaultModel() {
        return DefaultModel.RESTORATION;
    }

    /** The image, or "no image open" naming this command. */
    protected ImagePlus image() {
        if (input == null) {
            throw new IllegalArgumentException("No image is open: open an image (File > Open...) and run "
                    + name() + "... again.");
        }
        return input;
    }

    /** The shared restoration options as given, checked (one message naming the option and the fix). */
    protected RestorationOptions restoration() {
        return RestorationOptions.of(range, samples, uncertainty);
    }

    /**
     * Runs {@code op} over every plane of the input with the model {@code options} name, under
     * {@code restoration}'s range; sets {@link #uncertaintyMap} when the operation made one.
     */
    protected final ImagePlus transform(DiffusionOptions options, RestorationOptions restoration, ImageOperation op) {
        ImagePlus img = image();
        return shown(withPipeline(options, p -> p.restore(img, op, restoration.range())));
    }

    /** A pipeline on a lease of {@code options}' model, for runs that are more than one transform. */
    protected final <T> T withPipeline(DiffusionOptions options, java.util.function.Function<ImagePipeline, T> run) {
        try (EpsModel lease = openModel(options)) {
            return run.apply(new ImagePipeline(lease, progress(), token(), log::info));
        }
    }

    /** The result image; the uncertainty map, if any, becomes the second output. */
    protected final ImagePlus shown(Restored r) {
        uncertaintyMap = r.uncertainty();
        return r.image();
    }
}
