package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.image.ImageStream;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.image.Padding;
import org.diffusionij.command.Generate;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.TimestepSpacing;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: samples images from noise with the model through the same
 * {@link ImagePipeline#generate} as Fiji's Generate (cached session, tiling) and writes them as a
 * TIFF stack or a PNG grid. Images are computed {@code --batch} at a time and written as they are
 * made, which bounds memory whatever the count (the file's format sets the limit, checked up front);
 * each image has its own noise stream from (seed, index), so the same seed gives the same images
 * whatever the batch, and the same images as Fiji's Generate.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate images with a model; write them as a TIFF stack (.tif) or a PNG grid (.png).")
final class GenerateCommand extends Subcommand {

    @Option(names = "--count", paramLabel = "N", defaultValue = "" + Generate.DEFAULT_COUNT,
            description = "number of images (default: ${DEFAULT-VALUE})")
    int count;

    @Mixin
    DiffusionOptionsMixin run;

    @Option(names = "--spacing", paramLabel = "trailing|leading|linspace", defaultValue = "trailing",
            description = "how the steps spread over the schedule "
            + "(default: ${DEFAULT-VALUE})")
    TimestepSpacing spacing;

    @Option(names = "--clip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "clamp the clean-image estimate to [-1, 1] at every step (default: on)")
    boolean clip;

    @Option(names = "--size", paramLabel = "HxW",
            description = "image height x width, multiples of the network's size factor (default: the "
                    + "model's training size)")
    ImageSize size;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "16",
            description = "images per network call; bounds memory, never changes the images (default: "
                    + "${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--bits", paramLabel = "8|32", defaultValue = "8",
            description = "8-bit (0..255) or 32-bit float values in the model's data units; PNG is 8-bit "
                    + "(default: ${DEFAULT-VALUE})")
    int bits;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "output: FILE.tif (a stack, written image by image; at most 4 GiB) or FILE.png (a grid "
                    + "of at most 8192x8192 pixels); written whole or not at all")
    Path out;

    @Option(names = "--progress", negatable = true,
            description = "show the updating progress line on stderr (default: when stderr is a terminal)")
    Boolean progress;

    @Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = stdout();
        PrintWriter err = stderr();
        checkOptions();
        DiffusionOptions options = run.options(DiffusionOptions.SAMPLER, DiffusionOptions.STEPS);
        AtomicFiles.checkWritable(this.out);  // fail before the long part, not after it

        long start = System.nanoTime();
        try (EpsModel model = run.model.open(main.models, line -> err.println("generate: " + line))) {
            ModelMetadata meta = model.metadata();
            ImageSize s = size != null ? size : new ImageSize(meta.sampleSize(), meta.sampleSize());
            checkSize(s, meta);
            int c = meta.channels();
            if (options.steps() > meta.numTrainTimesteps()) {
                throw new IllegalArgumentException("--steps " + options.steps() + " exceeds the model's "
                        + meta.numTrainTimesteps() + " training timesteps");
            }
            // Too many images for the format: refused now, naming the limit, not after the long part.
            ImageFiles.checkStream(this.out, count, c, s.height(), s.width(), bits);
            SamplerSettings settings = options.settings(meta).withSpacing(spacing).withClipSample(clip);
            TerminalProgress bar = new TerminalProgress(err, !quiet && (progress != null ? progress
                    : TerminalProgress.interactive()), count);
            IntensityMap map = IntensityMap.forGeneration(meta);
            // Images go to the file as they are made (memory: one batch), into a temporary file renamed at the end.
            try (ImageStream file = ImageFiles.stream(this.out, count, c, s.height(), s.width(), bits, map.low(),
                    map.high())) {
                try {
                    // The pipeline's log lines are Fiji's; the launcher prints its own summary below.
                    new ImagePipeline(model, bar, main.cancel, line -> { })
                            .generate(count, s.height(), s.width(), settings, options.seed(), batch,
                                    (first, images) -> file.append(toImage(images, map)));
                } finally {
                    bar.finish();
                }
                main.cancel.throwIfCancelled();
                file.commit();
            }

            double seconds = (System.nanoTime() - start) / 1e9;
            if (!quiet) {
                out.println(String.format(Locale.ROOT, "wrote %d image%s of %s to %s (%s, %d steps, seed %d, %s, "
                                + "%.1f s)", count, count == 1 ? "" : "s", s, this.out, settings.kind(),
                        settings.steps(), options.seed(), model.device(), seconds));
            }
        }
        return Main.OK;
    }

    /** Model-space images in the image's data units, as the file takes them. */
    private static FloatStack toImage(ImageBatch images, IntensityMap map) {
        int len = images.sampleLength();
        float[] values = new float[images.size() * len];
        for (int i = 0; i < images.size(); i++) {
            float[] x = images.sample(i);
            for (int j = 0; j < len; j++) values[i * len + j] = (float) map.toImage(x[j]);
        }
        return new FloatStack(values, images.size(), images.channels(), images.height(), images.width());
    }

    private void checkOptions() {
        if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        if (bits != 8 && bits != 32) throw new IllegalArgumentException("--bits must be 8 or 32, got " + bits);
        if (ImageFiles.Format.of(out) == ImageFiles.Format.PNG && bits != 8) {
            throw new IllegalArgumentException("--bits 32 needs a .tif output; PNG holds 8-bit images");
        }
    }

    private static void checkSize(ImageSize s, ModelMetadata meta) {
        int m = meta.sizeMultiple();
        if (s.height() % m != 0 || s.width() % m != 0) {
            throw new IllegalArgumentException("--size " + s + ": height and width must be multiples of " + m
                    + " (the network's size factor, metadata size_multiple); try " + Padding.target(s.height(), m, 1)
                    + "x" + Padding.target(s.width(), m, 1));
        }
    }
}
