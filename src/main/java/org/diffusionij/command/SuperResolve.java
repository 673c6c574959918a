package org.diffusionij.command;

import ij.ImagePlus;
import org.diffusionij.pipeline.RestorationOptions;
import org.diffusionij.pipeline.SuperResolveOperation;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Super-resolve…: ×2 or ×4 (DDNM with average pooling), so that
 * average-pooling the result gives the input back; the pixel size is divided by the scale.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Super-resolve...")
public class SuperResolve extends ImageCommand {

    @Parameter(label = "Scale (2 or 4)", min = "2", max = "4", persist = false)
    private int scale = 2;

    @Parameter(label = "Super-resolved", type = ItemIO.OUTPUT)
    private ImagePlus result;

    /**
     * This command's defaults: the mean of several draws (one draw only ties bicubic), each a few steps
     * from the bicubic guess ({@link SuperResolveOperation#DEFAULT_STEPS}).
     */
    public SuperResolve() {
        samples = SuperResolveOperation.DEFAULT_SAMPLES;
        steps = SuperResolveOperation.DEFAULT_STEPS;
    }

    @Override
    protected void execute() {
        RestorationOptions r = restoration();
        result = transform(options(), r, new SuperResolveOperation(scale, r.samples(), r.uncertainty(), options()));
    }
}
