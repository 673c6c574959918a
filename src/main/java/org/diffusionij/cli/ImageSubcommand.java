package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.image.IntensityRange;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.Restored;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A launcher subcommand that runs one of the Fiji image commands (Plugins › Diffusion) on a file:
 * the same {@link ImageOperation} through the same {@link ImagePipeline} (types, stacks, tiling,
 * intensity mapping, bad-input messages), with the same option names as the commands' macro keys.
 * The result is written as a TIFF that keeps the input's pixel type, calibration and dimensions.
 */
abstract class ImageSubcommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", paramLabel = "FILE", required = true,
            description = "input image: TIFF (stacks, hyperstacks, 8/16/32-bit, RGB), PNG, ...")
    Path in;

    @Option(names = "--out", paramLabel = "FILE.tif", required = true,
            description = "result, written whole as a TIFF of the input's type (nothing is written on failure)")
    Path out;

    @Option(names = "--range", paramLabel = "auto|model|LOW,HIGH", defaultValue = IntensityRange.DEFAULT,
            description = "image values mapped to the model's [-1, 1]: auto (the clean signal's range), model (the "
                    + "model's own), or two values (default: ${DEFAULT-VALUE})")
    String range;

    @Option(names = "--uncertainty", paramLabel = "FILE.tif",
            description = "also write the per-pixel std of the K draws (32-bit, image units); needs --samples >= 2")
    Path uncertainty;

    @Mixin
    DiffusionOptionsMixin run;

    /** True when --uncertainty was given: the operation must keep the std of its draws. */
    boolean wantsUncertainty() {
        return uncertainty != null;
    }

    /** Runs the operation; a subcommand with another path (Denoise of photon counts) overrides it. */
    Restored restore(ImagePipeline pipeline, ImagePlus image, ImageOperation op, DiffusionOptions options,
                     IntensityRange range) {
        return pipeline.restore(image, op, range);
    }

    /** The operation the Fiji command runs, from this subcommand's own options. */
    abstract ImageOperation operation(ImagePlus image, DiffusionOptions options) throws IOException;

    /** The sampler used when --sampler is not given: the Fiji command's own default. */
    String defaultSampler() {
        return DiffusionOptions.SAMPLER;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        AtomicFiles.checkWritable(out);
        if (uncertainty != null) AtomicFiles.checkWritable(uncertainty);
        IntensityRange intensities = IntensityRange.parse(range);
        ImagePlus image = ImageFiles.open(in);
        DiffusionOptions options = run.options(defaultSampler());
        ImageOperation op = operation(image, options);
        Restored restored;
        try (EpsModel model = run.model.open(main.models, line -> err.println(name + ": " + line))) {
            ImagePipeline pipeline = new ImagePipeline(model, Progress.none(), main.cancel,
                    line -> err.println(name + ": " + line));
            restored = restore(pipeline, image, op, options, intensities);
        }
        main.cancel.throwIfCancelled();
        ImagePlus result = restored.image();
        ImageFiles.writeTiff(out, result);
        if (uncertainty != null) {
            ImageFiles.writeTiff(uncertainty, restored.uncertainty());
            spec.commandLine().getOut().println("wrote " + uncertainty + " (per-pixel std of the draws, 32-bit)");
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + result.getWidth() + "x" + result.getHeight()
                + ", " + result.getStackSize() + " plane(s), " + result.getBitDepth() + "-bit)");
        return Main.OK;
    }
}
