package org.diffusionij.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ij.ImagePlus;
import ij.macro.Interpreter;
import org.diffusionij.control.CancelledException;
import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.ImageFiles;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * A launcher subcommand that runs one of the Fiji image commands (Plugins › Diffusion) on a file,
 * headlessly through a SciJava {@link Context} and {@link CommandService}, the way Fiji's headless
 * mode runs them: the menu, macros and the launcher share one code path (types, stacks, tiling,
 * intensity mapping, bad-input messages). The result is written as a TIFF that keeps the input's
 * pixel type, calibration and dimensions.
 */
abstract class ImageSubcommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--in", paramLabel = "FILE", required = true,
            description = "input image: TIFF (stacks, hyperstacks, 8/16/32-bit, RGB), PNG, ...")
    Path in;

    @Option(names = "--out", paramLabel = "FILE.tif", required = true,
            description = "result, written whole as a TIFF of the input's type (nothing is written on failure)")
    Path out;

    @Option(names = "--steps", paramLabel = "S", defaultValue = "25", description = "network calls per image "
            + "(default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sampler", paramLabel = "dpm++2m|ddim|ddpm",
            description = "update rule (default: dpm++2m; ddpm for inpaint)")
    String sampler;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model (default: the shipped model)")
    Path model;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            description = "auto uses CUDA when it works (default: ${DEFAULT-VALUE})")
    String device;

    /** The SciJava command this subcommand runs. */
    abstract Class<? extends Command> command();

    /** The command's own parameters (macro keys), beside input, steps, seed, model and device. */
    abstract void addParameters(Map<String, Object> parameters) throws IOException;

    /** The sampler used when --sampler is not given: the Fiji command's own default. */
    abstract String defaultSampler();

    @Override
    public Integer call() throws Exception {
        AtomicFiles.checkWritable(out);
        ImagePlus image = ImageFiles.open(in);
        // Images live in ImageJ 1.x batch mode, where a headless macro keeps them (the mask is found by title).
        Interpreter.batchMode = true;
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("input", image);
        parameters.put("steps", steps);
        parameters.put("seed", seed);
        parameters.put("sampler", sampler == null ? defaultSampler() : sampler);
        parameters.put("model", model == null ? DefaultModel.locate().toString() : model.toString());
        parameters.put("device", device);
        addParameters(parameters);
        try (Context context = new Context()) {
            CommandInfo info = context.service(CommandService.class).getCommand(command());
            ModuleService modules = context.service(ModuleService.class);
            Module module = modules.createModule(info);
            module.resolveOutput("result");  // we write it to a file: no display wanted (nor its warning)
            Future<Module> run = modules.run(module, true, parameters);
            // Ctrl-C cancels the command as Fiji's Esc does: the network call in flight stops, no output.
            AutoCloseable onCtrlC = main.cancel.onCancel(() -> ((Cancelable) module).cancel("Cancelled (Ctrl-C)."));
            try {
                run.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            } finally {
                onCtrlC.close();
            }
            if (main.cancel.isCancelled()) throw new CancelledException();
            if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
                // The command refused its input (or was stopped) with a message naming the problem and the fix.
                throw new IllegalArgumentException(((Cancelable) module).getCancelReason());
            }
            ImagePlus result = (ImagePlus) module.getOutput("result");
            ImageFiles.writeTiff(out, result);
            main.spec.commandLine().getOut().println("wrote " + out + " (" + result.getWidth() + "x" + result.getHeight() + ", "
                    + result.getStackSize() + " plane(s), " + result.getBitDepth() + "-bit)");
        }
        return Main.OK;
    }
}
