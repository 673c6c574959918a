package org.diffusionij.command;

import ij.ImagePlus;
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

    @Parameter(label = "Samples K (draws averaged; the mean beats bicubic)", min = "1", persist = false)
    private int samples = SuperResolveOperation.DEFAULT_SAMPLES;

    @Parameter(label = "Uncertainty (per-pixel std of the K draws, second window; K >= 2)", persist = false)
    private boolean uncertainty = false;

    @Parameter(label = "Super-resolved", type = ItemIO.OUTPUT)
    private ImagePlus result;

    /** This command's default steps (from the bicubic guess, see {@link SuperResolveOperation#DEFAULT_STEPS}). */
    public SuperResolve() {
        steps = SuperResolveOperation.DEFAULT_STEPS;
    }

    @Override
    protected void execute() {
        result = transform(options(), new SuperResolveOperation(scale, samples, uncertainty, options()));
    }

    @Override
    protected void clearOutputs() {
        super.clearOutputs();
        result = null;
    }

    @Override
    protected String name() {
        return "Super-resolve";
    }
}
