package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.RestorationOptions;
import org.diffusionij.pipeline.Restored;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A launcher subcommand that runs one of the Fiji image commands (Plugins › Diffusion) on a file,
 * or on every image of a folder ({@link FolderRun}): the same {@link ImageOperation} through the
 * same {@link ImagePipeline} (types, stacks, tiling, intensity mapping, bad-input messages), with
 * the same option names as the commands' macro keys. A result is written as a TIFF that keeps the
 * input's pixel type, calibration and dimensions (or a PNG, for one plane that is not 32-bit). A
 * file gives the same result alone or in a folder: both run {@link #operation} with the same
 * options (and seed) through one pipeline.
 */
abstract class ImageSubcommand extends Subcommand {

    @Option(names = "--in", paramLabel = "FILE|DIR", required = true,
            description = "input image: TIFF (stacks, hyperstacks, 8/16/32-bit, RGB), PNG, ...; or a folder: every "
                    + "image file in it (.tif .tiff .png .jpg .jpeg .gif .bmp) in one run, with the model loaded once")
    Path in;

    @Option(names = "--out", paramLabel = "FILE.tif|FILE.png|DIR", required = true,
            description = "result, written whole as a TIFF (.tif) or PNG (.png) of the input's type (nothing is "
                    + "written on failure); with --in DIR a folder (created when missing, never the input folder): "
                    + "each result under the input's name (.tif for other types); files whose result is there "
                    + "already are skipped")
    Path out;

    @Mixin
    RestorationOptionsMixin restoration;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "with --in DIR: process only part I of N (I from 0 to N-1) of the files sorted by name, "
                    + "e.g. --shard $SLURM_ARRAY_TASK_ID/N in an array job")
    Shard shard;

    @Mixin
    DiffusionOptionsMixin run;

    /** Runs the operation; a subcommand with another path (Denoise of photon counts) overrides it. */
    Restored restore(ImagePipeline pipeline, ImagePlus image, ImageOperation op, Options options,
                     Consumer<String> log) {
        return pipeline.restore(image, op, options.restoration().range());
    }

    /** The operation the Fiji command runs on {@code image} (read from {@code file}), from this subcommand's options. */
    abstract ImageOperation operation(Path file, ImagePlus image, Options options) throws IOException;

    /**
     * Checks the options that do not depend on an image, before a folder run starts (a bad value
     * is one bad-input line, not one failure per file): by default by building the operation
     * without an image; a subcommand whose operation needs one overrides it.
     */
    void checkOptions(Options options) throws IOException {
        operation(null, null, options);
    }

    /** The sampler used when --sampler is not given: the Fiji command's own default. */
    String defaultSampler() {
        return DiffusionOptions.SAMPLER;
    }

    /** The number of steps used when --steps is not given: the Fiji command's own default. */
    int defaultSteps() {
        return DiffusionOptions.STEPS;
    }

    /** The number of draws used when --samples is not given: the Fiji command's own default. */
    int defaultSamples() {
        return RestorationOptions.SAMPLES;
    }

    /** The options of one run: the sampling ones and the restoration ones, checked. */
    record Options(DiffusionOptions sampling, RestorationOptions restoration) {
    }

    private Options options() {
        return new Options(run.options(defaultSampler(), defaultSteps()), restoration.options(defaultSamples()));
    }

    @Override
    public Integer call() throws Exception {
        run.model.defaultTo(DefaultModel.RESTORATION);
        return Files.isDirectory(in) ? callFolder() : callFile();
    }

    private Integer callFile() throws Exception {
        if (shard != null) {
            throw new IllegalArgumentException("--shard splits a folder; give --in DIR (the input " + in + " is a file)");
        }
        PrintWriter err = stderr();
        String name = name();
        Path uncertainty = restoration.uncertainty;
        AtomicFiles.checkWritable(out);
        if (uncertainty != null) AtomicFiles.checkWritable(uncertainty);
        Options options = options();
        ImagePlus image = ImageFiles.open(in);
        ImageFiles.checkOutput(out, image);  // a .png that cannot hold the result: refused before the run
        ImageOperation op = operation(in, image, options);
        Restored restored;
        // The run's log lines (mapping, σ, device) are printed once it succeeds: a refusal stays one line.
        List<String> held = new ArrayList<>();
        Consumer<String> log = line -> held.add(name + ": " + line);
        try (EpsModel model = run.model.open(main.models, log)) {
            restored = restore(pipeline(model, log), image, op, options, log);
        }
        main.cancel.throwIfCancelled();
        ImagePlus result = restored.image();
        ImageFiles.write(out, result);
        if (uncertainty != null) ImageFiles.writeTiff(uncertainty, restored.uncertainty());
        held.forEach(err::println);
        if (uncertainty != null) {
            stdout().println("wrote " + uncertainty + " (per-pixel spread of the draws, 32-bit)");
        }
        stdout().println("wrote " + out + " (" + result.getWidth() + "x" + result.getHeight()
                + ", " + result.getStackSize() + " plane(s), " + result.getBitDepth() + "-bit)");
        return Main.OK;
    }

    private Integer callFolder() throws Exception {
        PrintWriter err = stderr();
        String name = name();
        if (restoration.uncertainty != null) {
            throw new IllegalArgumentException("--uncertainty names one file; with --in DIR run the files one by one "
                    + "to get their uncertainty maps");
        }
        Options options = options();
        InputFolder folder = InputFolder.list(in, out);
        checkOptions(options);
        FolderRun folderRun = new FolderRun(name, stdout(), err, TerminalProgress.interactive(),
                main.debug, main.cancel);
        return folderRun.run(folder, out, shard == null ? Shard.ALL : shard, () -> {
            EpsModel model = run.model.open(main.models, line -> err.println(name + ": " + line));
            // One line per file (FolderProgress); the pipeline's own lines per file are left out.
            ImagePipeline pipeline = pipeline(model, line -> { });
            return new FolderRun.Session() {
                @Override
                public ImagePlus run(Path input) throws Exception {
                    ImagePlus image = ImageFiles.open(input);
                    return restore(pipeline, image, operation(input, image, options), options, line -> { }).image();
                }

                @Override
                public void close() {
                    model.close();
                }
            };
        });
    }

    private ImagePipeline pipeline(EpsModel model, java.util.function.Consumer<String> log) {
        return new ImagePipeline(model, Progress.none(), main.cancel, log);
    }
}
