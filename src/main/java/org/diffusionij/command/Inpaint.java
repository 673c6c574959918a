package org.diffusionij.command;

import ij.ImagePlus;
import ij.WindowManager;
import org.diffusionij.image.FillMask;
import org.diffusionij.pipeline.InpaintOperation;
import org.diffusionij.pipeline.RestorationOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › Diffusion › Inpaint…: fills a region so that it agrees with the rest of the image;
 * every other pixel comes back exactly as it was. The region is the image's area selection
 * ({@code mask=selection}, the default) or the non-zero pixels of a mask image named by its title
 * ({@code mask=[my mask]}), applied to every plane. The default sampler is ddpm: stochastic steps
 * let the filled region agree with its surroundings.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Inpaint...")
public class Inpaint extends ImageCommand {

    /** The value of {@code mask} that means "use the selection". */
    public static final String SELECTION = "selection";

    /** This command's default sampler. */
    public static final String DEFAULT_SAMPLER = "ddpm";

    @Parameter(label = "Region to fill: 'selection', or the title of a mask image", persist = false)
    private String mask = SELECTION;

    @Parameter(label = "Inpainted", type = ItemIO.OUTPUT)
    private ImagePlus result;

    public Inpaint() {
        sampler = DEFAULT_SAMPLER;
    }

    @Override
    protected void execute() {
        RestorationOptions r = restoration();
        result = transform(options(), r, new InpaintOperation(region(image()), r.samples(), r.uncertainty(),
                options()));
    }

    private FillMask region(ImagePlus img) {
        String m = mask == null ? "" : mask.trim();
        if (m.isEmpty() || m.equalsIgnoreCase(SELECTION)) return FillMask.fromSelection(img);
        ImagePlus maskImage = WindowManager.getImage(m);
        if (maskImage == null) {
            throw new IllegalArgumentException("There is no open image titled '" + m + "' to use as the mask: open "
                    + "the mask image, or use mask=selection to fill the selection.");
        }
        return FillMask.fromImage(maskImage, img);
    }
}
