package org.diffusionij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import org.diffusionij.command.Inpaint;
import org.diffusionij.image.FillMask;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.pipeline.DenoiseOperation;
import org.diffusionij.task.NoiseLevel;
import org.diffusionij.pipeline.ImageOperation;
import org.diffusionij.pipeline.ImageToImageOperation;
import org.diffusionij.pipeline.InpaintOperation;
import org.diffusionij.pipeline.RestorationOptions;
import org.diffusionij.pipeline.SuperResolveOperation;
import org.diffusionij.pipeline.ImagePipeline;
import org.diffusionij.pipeline.PoissonGaussianDenoise;
import org.diffusionij.pipeline.Restored;
import org.diffusionij.task.Estimate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher's image subcommands: one per Fiji image command, with the same parameter names.
 * Those whose operation needs no image check their options by building it without one.
 */
final class ImageSubcommands {

    private ImageSubcommands() {
    }

    @Command(name = "denoise", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Denoise an image (Plugins > Diffusion > Denoise...); the result keeps the input's type.")
    static final class DenoiseFile extends ImageSubcommand {
        @Option(names = "--sigma", paramLabel = "S", description = "noise level in the image's own intensity units "
                + "(default: estimated from the image, and the estimate is logged)")
        String sigma;

        @Option(names = "--estimate", paramLabel = "mean|sample", defaultValue = "mean",
                description = "mean = posterior mean (Tweedie, one network call, best PSNR); sample = a sharp "
                        + "posterior draw by the sampler (default: ${DEFAULT-VALUE})")
        String estimate;

        @Option(names = "--noise", paramLabel = "gaussian|poisson-gaussian", defaultValue = PoissonGaussianDenoise.NOISE,
                description = "noise model; poisson-gaussian = photon counts, through the generalized Anscombe "
                        + "transform (default: ${DEFAULT-VALUE})")
        String noise;

        @Option(names = "--gain", paramLabel = "G", description = "poisson-gaussian: raw units per photon "
                + "(default: estimated, logged)")
        String gain;

        @Option(names = "--offset", paramLabel = "O", description = "poisson-gaussian: raw value of zero photons "
                + "(default: estimated, logged)")
        String offset;

        @Option(names = {"--read-noise", "--readnoise"}, paramLabel = "R", description = "poisson-gaussian: "
                + "Gaussian read noise, raw units (default: estimated, logged)")
        String readNoise;

        private java.util.Optional<PoissonGaussianDenoise> photons;

        @Override
        ImageOperation operation(Path file, ImagePlus image, Options options) {
            Estimate e = Estimate.parse(estimate);
            photons = PoissonGaussianDenoise.parse(noise, gain, offset, readNoise);
            if (photons.isPresent() && sigma != null) {
                throw new IllegalArgumentException("--sigma is for Gaussian noise; with --noise poisson-gaussian give "
                        + "--gain, --offset and --read-noise instead (or leave them out to estimate them).");
            }
            RestorationOptions r = options.restoration();
            return new DenoiseOperation(photons.isPresent() ? java.util.Optional.of(NoiseLevel.given(1))
                    : NoiseLevel.parse(sigma), e, r.samples(), r.uncertainty(), options.sampling());
        }

        @Override
        Restored restore(ImagePipeline pipeline, ImagePlus image, ImageOperation op, Options options,
                         java.util.function.Consumer<String> log) {
            if (photons.isEmpty()) return super.restore(pipeline, image, op, options, log);
            RestorationOptions r = options.restoration();
            return photons.get().restore(pipeline, image, r.range(), Estimate.parse(estimate), r.samples(), r.uncertainty(),
                    options.sampling(), log);
        }
    }

    @Command(name = "inpaint", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Fill the masked pixels of an image (Plugins > Diffusion > Inpaint...); known pixels come back "
                    + "unchanged.")
    static final class InpaintFile extends ImageSubcommand {
        @Option(names = "--mask", paramLabel = "FILE|DIR", required = true,
                description = "mask image of the same width and height: non-zero = pixels to fill; one mask for "
                        + "every image, or a folder holding each image's mask under the image's own file name")
        Path mask;

        @Override
        String defaultSampler() {
            return Inpaint.DEFAULT_SAMPLER;
        }

        @Override
        void checkOptions(Options options) throws IOException {
            if (!Files.exists(mask)) throw new IOException("mask " + mask + " not found");
        }

        @Override
        ImageOperation operation(Path file, ImagePlus image, Options options) throws IOException {
            RestorationOptions r = options.restoration();
            return new InpaintOperation(FillMask.fromImage(ImageFiles.open(maskFor(file)), image), r.samples(),
                    r.uncertainty(), options.sampling());
        }

        /** The mask for {@code file}: --mask FILE for every image, or the same file name in --mask DIR. */
        Path maskFor(Path file) throws IOException {
            if (!Files.isDirectory(mask)) return mask;
            Path m = mask.resolve(file.getFileName());
            if (!Files.exists(m)) {
                throw new IOException("no mask " + m + " for " + file.getFileName() + ": with --mask DIR each image "
                        + "needs a mask of the same file name there");
            }
            return m;
        }
    }

    @Command(name = "super-resolve", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Upscale an image x2 or x4 (Plugins > Diffusion > Super-resolve...); average-pooling the "
                    + "result gives back the input. --steps counts steps from the bicubic guess, not from noise.")
    static final class SuperResolveFile extends ImageSubcommand {
        @Option(names = "--scale", paramLabel = "2|4", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int scale;

        @Override
        int defaultSteps() {
            return SuperResolveOperation.DEFAULT_STEPS;
        }

        @Override
        int defaultSamples() {
            return SuperResolveOperation.DEFAULT_SAMPLES;
        }

        @Override
        ImageOperation operation(Path file, ImagePlus image, Options options) {
            RestorationOptions r = options.restoration();
            return new SuperResolveOperation(scale, r.samples(), r.uncertainty(), options.sampling());
        }
    }

    @Command(name = "img2img", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Re-generate an image from a partly noised copy (Plugins > Diffusion > Image to image...).")
    static final class ImageToImageFile extends ImageSubcommand {
        @Option(names = "--strength", paramLabel = "S", defaultValue = "0.5",
                description = "0..1: how far to noise the input before regenerating (default: ${DEFAULT-VALUE})")
        double strength;

        @Override
        ImageOperation operation(Path file, ImagePlus image, Options options) {
            RestorationOptions r = options.restoration();
            return new ImageToImageOperation(strength, r.samples(), r.uncertainty(), options.sampling());
        }
    }
}
