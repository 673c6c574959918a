package org.diffusionij.command;

import ij.ImagePlus;
import org.diffusionij.image.IntensityRange;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.Restored;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

/**
 * A command that turns the active image into a new one through the {@link ImagePipeline}: the
 * subclass only builds its {@link ImageOperation} from its parameters. The input is only read.
 */
public abstract class ImageCommand extends SamplingCommand {

    /** The image to work on: the active image in Fiji (ImageJ's single-image convention). */
    @Parameter(label = "Image", required = false, persist = false)
    protected ImagePlus input;

    /** Which image values map to the model's [-1, 1]: auto, model, or LOW,HIGH (see IntensityRange). */
    @Parameter(label = "Intensity range (auto, model, or LOW,HIGH)", required = false, persist = false)
    protected String range = IntensityRange.DEFAULT;

    /** The per-pixel std of the draws (image units), when uncertainty was asked for. */
    @Parameter(label = "Uncertainty", type = ItemIO.OUTPUT, required = false)
    protected ImagePlus uncertaintyMap;

    /** The image, or "no image open" naming this command. */
    protected ImagePlus image() {
        if (input == null) {
            throw new IllegalArgumentException("No image is open: open an image (File > Open...) and run "
                    + name() + "... again.");
        }
        return input;
    }

    /**
     * Runs {@code op} over every plane of the input with the model {@code options} name, under
     * {@code range}; sets {@link #uncertaintyMap} when the operation made one.
     */
    protected final ImagePlus transform(DiffusionOptions options, ImageOperation op) {
        IntensityRange r = IntensityRange.parse(range);
        ImagePlus img = image();
        try (EpsModel lease = openModel(options)) {
            return shown(new ImagePipeline(lease, progress(), token(), log::info).restore(img, op, r));
        }
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

    /** Clears the uncertainty output; subclasses clear their own result and call this. */
    @Override
    protected void clearOutputs() {
        uncertaintyMap = null;
    }
}
