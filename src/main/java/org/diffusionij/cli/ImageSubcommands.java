package org.diffusionij.cli;

import java.io.IOException;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import org.diffusionij.command.Denoise;
import org.diffusionij.command.ImageToImage;
import org.diffusionij.command.Inpaint;
import org.diffusionij.command.SuperResolve;
import org.diffusionij.image.ImageFiles;
import org.scijava.command.Command;

import picocli.CommandLine.Option;

/** The launcher's image subcommands: one per Fiji image command, with the same parameter names. */
final class ImageSubcommands {

    private ImageSubcommands() {
    }

    @picocli.CommandLine.Command(name = "denoise", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Denoise an image (Plugins > Diffusion > Denoise...); the result keeps the input's type.")
    static final class DenoiseFile extends ImageSubcommand {
        @Option(names = "--sigma", paramLabel = "S", description = "noise level in the image's own intensity units "
                + "(default: estimated from the image, and the estimate is logged)")
        String sigma;

        @Option(names = "--samples", paramLabel = "K", defaultValue = "1",
                description = "samples averaged: 1 = one sample, more = closer to the posterior mean (needs "
                        + "--sampler ddpm) (default: ${DEFAULT-VALUE})")
        int samples;


        @Override
        Class<? extends Command> command() {
            return Denoise.class;
        }

        @Override
        String defaultSampler() {
            return "dpm++2m";
        }

        @Override
        void addParameters(Map<String, Object> p) {
            p.put("sigma", sigma == null ? "" : sigma);
            p.put("samples", samples);
        }
    }

    @picocli.CommandLine.Command(name = "inpaint", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Fill the masked pixels of an image (Plugins > Diffusion > Inpaint...); known pixels come back "
                    + "unchanged.")
    static final class InpaintFile extends ImageSubcommand {
        @Option(names = "--mask", paramLabel = "FILE", required = true,
                description = "mask image of the same width and height: non-zero = pixels to fill")
        java.nio.file.Path mask;


        @Override
        Class<? extends Command> command() {
            return Inpaint.class;
        }

        @Override
        String defaultSampler() {
            return "ddpm";  // stochastic steps let the filled region agree with its surroundings
        }

        @Override
        void addParameters(Map<String, Object> p) throws IOException {
            // The command finds its mask by image title, as a macro's mask=[title] does.
            ImagePlus m = ImageFiles.open(mask);
            m.setTitle("diffusion-ij mask " + System.nanoTime());
            Interpreter.addBatchModeImage(m);
            WindowManager.setTempCurrentImage(null);
            p.put("mask", m.getTitle());
        }
    }

    @picocli.CommandLine.Command(name = "super-resolve", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Upscale an image x2 or x4 (Plugins > Diffusion > Super-resolve...); average-pooling the "
                    + "result gives back the input.")
    static final class SuperResolveFile extends ImageSubcommand {
        @Option(names = "--scale", paramLabel = "2|4", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int scale;


        @Override
        Class<? extends Command> command() {
            return SuperResolve.class;
        }

        @Override
        String defaultSampler() {
            return "dpm++2m";
        }

        @Override
        void addParameters(Map<String, Object> p) {
            p.put("scale", scale);
        }
    }

    @picocli.CommandLine.Command(name = "img2img", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Re-generate an image from a partly noised copy (Plugins > Diffusion > Image to image...).")
    static final class ImageToImageFile extends ImageSubcommand {
        @Option(names = "--strength", paramLabel = "S", defaultValue = "0.5",
                description = "0..1: how far to noise the input before regenerating (default: ${DEFAULT-VALUE})")
        double strength;


        @Override
        Class<? extends Command> command() {
            return ImageToImage.class;
        }

        @Override
        String defaultSampler() {
            return "dpm++2m";
        }

        @Override
        void addParameters(Map<String, Object> p) {
            p.put("strength", strength);
        }
    }
}
