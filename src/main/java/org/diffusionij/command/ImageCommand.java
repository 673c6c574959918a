package org.diffusionij.command;

import ij.ImagePlus;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.DiffusionOptions;
import org.scijava.plugin.Parameter;

/**
 * A command that turns the active image into a new one through the {@link ImagePipeline}: the
 * subclass only builds its {@link ImageOperation} from its parameters. The input is only read.
 */
public abstract class ImageCommand extends SamplingCommand {

    /** The image to work on: the active image in Fiji (ImageJ's single-image convention). */
    @Parameter(label = "Image", required = false, persist = false)
    protected ImagePlus input;

    /** The image, or "no image open" naming this command. */
    protected ImagePlus image() {
        if (input == null) {
            throw new IllegalArgumentException("No image is open: open an image (File > Open...) and run "
                    + name() + "... again.");
        }
        return input;
    }

    /** Runs {@code op} over every plane of the input with the model {@code options} name. */
    protected final ImagePlus transform(DiffusionOptions options, ImageOperation op) {
        ImagePlus img = image();
        try (EpsModel lease = openModel(options)) {
            return new ImagePipeline(lease, progress(), token(), log::info).transform(img, op);
        }
    }
}
