package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.sampler.PerImageNoise;
import org.diffusionij.sampler.SamplerKind;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.TimestepSpacing;
import org.diffusionij.task.GenerateTask;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: samples images from noise with the model ({@link GenerateTask}) and writes
 * them as a TIFF stack or a PNG grid. Images are computed {@code --batch} at a time (one network
 * call per step for the whole batch), which bounds memory; each image has its own noise stream from
 * (seed, index), so the same seed gives the same images whatever the batch.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate images with a model; write them as a TIFF stack (.tif) or a PNG grid (.png).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--count", paramLabel = "N", defaultValue = "16",
            description = "number of images (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--steps", paramLabel = "S",
            description = "network calls per image (default: 20 for dpm++2m, 50 for ddim and ddpm)")
    Integer steps;

    @Option(names = "--sampler", paramLabel = "dpm++2m|ddim|ddpm", defaultValue = "dpm++2m",
            converter = SamplerConverter.class, description = "update rule (default: ${DEFAULT-VALUE})")
    SamplerKind sampler;

    @Option(names = "--eta", paramLabel = "E", defaultValue = "0",
            description = "DDIM stochasticity in [0, 1], 0 = deterministic (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--spacing", paramLabel = "trailing|leading|linspace", defaultValue = "trailing",
            converter = SpacingConverter.class, description = "how the steps spread over the schedule "
            + "(default: ${DEFAULT-VALUE})")
    TimestepSpacing spacing;

    @Option(names = "--clip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "clamp the clean-image estimate to [-1, 1] at every step (default: on)")
    boolean clip;

    @Option(names = "--seed", paramLabel = "K", description = "random seed; the same seed gives the same images "
            + "(default: a new one, printed)")
    Long seed;

    @Option(names = "--size", paramLabel = "HxW", converter = ImageSize.Converter.class,
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
            description = "output: FILE.tif (a stack) or FILE.png (a grid); written whole or not at all")
    Path out;

    @Option(names = "--progress", negatable = true,
            description = "show the updating progress line on stderr (default: when stderr is a terminal)")
    Boolean progress;

    @Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;

    @Mixin
    ModelOptions modelOptions;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        AtomicFiles.checkWritable(this.out);  // fail before the long part, not after it

        long start = System.nanoTime();
        try (OnnxEpsModel model = modelOptions.load(line -> err.println("generate: " + line))) {
            ModelMetadata meta = model.metadata();
            ImageSize s = size != null ? size : new ImageSize(meta.sampleSize(), meta.sampleSize());
            checkSize(s, meta);
            int c = meta.channels();
            int steps = this.steps != null ? this.steps : sampler == SamplerKind.DPM_SOLVER_PP_2M ? 20 : 50;
            if (steps > meta.numTrainTimesteps()) {
                throw new IllegalArgumentException("--steps " + steps + " exceeds the model's "
                        + meta.numTrainTimesteps() + " training timesteps");
            }
            long perImage = (long) c * s.height() * s.width();
            if (perImage * count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("--count " + count + " images of " + s + " are too many for one "
                        + "output file; write several files with fewer images");
            }
            SamplerSettings settings = new SamplerSettings(sampler, steps, eta, spacing, clip,
                    meta.fixedLargeVariance());
            long seed = this.seed != null ? this.seed : new SecureRandom().nextInt(Integer.MAX_VALUE);

            float[] images = sample(model, settings, seed, c, s, err);
            double[] range = toDataUnits(images, meta);
            ImageFiles.write(this.out, new FloatStack(images, count, c, s.height(), s.width()), bits, range[0],
                    range[1]);

            double seconds = (System.nanoTime() - start) / 1e9;
            if (!quiet) {
                out.println(String.format(Locale.ROOT, "wrote %d image%s of %s to %s (%s, %d steps, seed %d, %s, "
                                + "%.1f s)", count, count == 1 ? "" : "s", s, this.out, sampler, steps, seed,
                        model.device(), seconds));
            }
        }
        return Main.OK;
    }

    private void checkOptions() {
        if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
        if (steps != null && steps < 1) throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("--eta must lie in [0, 1] (0 = deterministic), got " + eta);
        }
        if (bits != 8 && bits != 32) throw new IllegalArgumentException("--bits must be 8 or 32, got " + bits);
        if (ImageFiles.Format.of(out) == ImageFiles.Format.PNG && bits != 8) {
            throw new IllegalArgumentException("--bits 32 needs a .tif output; PNG holds 8-bit images");
        }
    }

    private static void checkSize(ImageSize s, ModelMetadata meta) {
        int m = meta.sizeMultiple();
        if (s.height() % m != 0 || s.width() % m != 0) {
            throw new IllegalArgumentException("--size " + s + ": height and width must be multiples of " + m
                    + " (the network's size factor, metadata size_multiple); try " + roundUp(s.height(), m) + "x"
                    + roundUp(s.width(), m));
        }
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Runs the sampler over all images, {@code batch} at a time; returns them in model space. */
    private float[] sample(OnnxEpsModel model, SamplerSettings settings, long seed, int c, ImageSize s,
                           PrintWriter err) {
        int h = s.height(), w = s.width(), perImage = c * h * w;
        float[] all = new float[count * perImage];
        int batches = (count + batch - 1) / batch;
        TerminalProgress bar = new TerminalProgress(err, !quiet && (progress != null ? progress : interactive()));
        long totalWork = (long) count * settings.steps();
        try {
            for (int b = 0; b < batches; b++) {
                int first = b * batch, m = Math.min(batch, count - first);
                int batchNo = b + 1;
                long workBefore = (long) first * settings.steps();
                float[] x = new GenerateTask(m, h, w).run(model, settings, new PerImageNoise(seed, first, m),
                        (done, total, message) -> bar.update((int) done, (int) total, batchNo, batches,
                                (workBefore + (double) m * done) / totalWork, count),
                        main.cancel);
                System.arraycopy(x, 0, all, first * perImage, x.length);
            }
        } finally {
            bar.finish();
        }
        return all;
    }

    /** Whether stderr is a terminal: the launcher says so (-Ddiffusionij.progress), else a console is there. */
    private static boolean interactive() {
        String p = System.getProperty("diffusionij.progress");
        return p != null ? Boolean.parseBoolean(p) : System.console() != null;
    }

    /**
     * Maps model space [-1, 1] to the model's data units in place (the same mapping as the Fiji
     * Generate command) and returns the units' range.
     */
    private static double[] toDataUnits(float[] values, ModelMetadata meta) {
        IntensityMap map = IntensityMap.forGeneration(meta);
        for (int i = 0; i < values.length; i++) values[i] = (float) map.toImage(values[i]);
        return new double[] {map.low(), map.high()};
    }

    static final class SamplerConverter implements ITypeConverter<SamplerKind> {
        @Override
        public SamplerKind convert(String value) {
            return SamplerKind.parse(value);
        }
    }

    static final class SpacingConverter implements ITypeConverter<TimestepSpacing> {
        @Override
        public TimestepSpacing convert(String value) {
            return TimestepSpacing.parse(value);
        }
    }
}
