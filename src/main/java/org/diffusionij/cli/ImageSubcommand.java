package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.DiffusionOptions;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A launcher subcommand that runs one of the Fiji image commands (Plugins › Diffusion) on a file:
 * the same {@link ImageOperation} through the same {@link ImagePipeline} (types, stacks, tiling,
 * intensity mapping, bad-input messages), with the same option names as the commands' macro keys.
 * The result is written as a TIFF that keeps the input's pixel type, calibration and dimensions
 * (or a PNG, for one plane that is not 32-bit).
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
            description = "result, written whole as a TIFF (.tif) or PNG (.png) of the input's type (nothing is "
                    + "written on failure)")
    Path out;

    @Mixin
    DiffusionOptionsMixin run;

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
        ImagePlus image = ImageFiles.open(in);
        ImageFiles.checkOutput(out, image);  // a .png that cannot hold the result: refused before the run
        DiffusionOptions options = run.options(defaultSampler());
        ImageOperation op = operation(image, options);
        ImagePlus result;
        // The run's log lines (mapping, σ, device) are printed once it succeeds: a refusal stays one line.
        List<String> held = new ArrayList<>();
        Consumer<String> log = line -> held.add(name + ": " + line);
        try (EpsModel model = run.model.open(main.models, log)) {
            result = new ImagePipeline(model, Progress.none(), main.cancel, log).transform(image, op);
        }
        main.cancel.throwIfCancelled();
        ImageFiles.write(out, result);
        held.forEach(err::println);
        spec.commandLine().getOut().println("wrote " + out + " (" + result.getWidth() + "x" + result.getHeight()
                + ", " + result.getStackSize() + " plane(s), " + result.getBitDepth() + "-bit)");
        return Main.OK;
    }
}
