package org.diffusionij.command;

import ij.ImagePlus;
import org.diffusionij.pipeline.ImageToImageOperation;
import org.diffusionij.pipeline.RestorationOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Image to image…: SDEdit. The image is pushed part of the way into noise
 * ({@code strength}: 0 keeps it, 1 redraws it from noise) and brought back by the model; steps
 * count at strength 1.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Image to image...")
public class ImageToImage extends ImageCommand {

    @Parameter(label = "Strength (0 = keep, 1 = redraw)", min = "0", max = "1", stepSize = "0.05",
            style = "format:0.00", persist = false)
    private double strength = 0.5;

    @Parameter(label = "Result", type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Override
    protected void execute() {
        RestorationOptions r = restoration();
        result = transform(options(), r, new ImageToImageOperation(strength, r.samples(), r.uncertainty(),
                options()));
    }
}
