package org.diffusionij.command;

import java.util.Locale;
import java.util.OptionalDouble;

import ij.ImagePlus;
import org.diffusionij.sampler.SamplerKind;

/** Checks of command parameters, each failing with a message that names the parameter and the fix. */
final class Inputs {

    /** Sampler choices shown in dialogs (SamplerKind labels). */
    static final String[] SAMPLERS = {"dpm++2m", "ddim", "ddpm"};

    private Inputs() {
    }

    /** The image to work on; fails with "no image open" when there is none. */
    static ImagePlus image(ImagePlus input, String command) {
        if (input == null) {
            throw new IllegalArgumentException("No image is open: open an image (File > Open...) and run "
                    + command + " again.");
        }
        return input;
    }

    /**
     * The noise level: empty or "auto" means estimate it from the image; otherwise a number >= 0
     * in the image's intensity units.
     */
    static OptionalDouble sigma(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.toLowerCase(Locale.ROOT).equals("auto")) return OptionalDouble.empty();
        double s;
        try {
            s = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sigma '" + text + "' is not a number: give the noise level in the "
                    + "image's intensity units (e.g. sigma=12), or leave it empty to estimate it.");
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("sigma is " + t + " but a noise level cannot be negative: give a "
                    + "value >= 0 in the image's intensity units, or leave it empty to estimate it.");
        }
        return OptionalDouble.of(s);
    }

    static SamplerKind sampler(String name) {
        return SamplerKind.parse(name);
    }

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " is " + value + " but must be at least " + min + ".");
        }
        return value;
    }

    static int scale(int scale) {
        if (scale != 2 && scale != 4) {
            throw new IllegalArgumentException("scale is " + scale + " but super-resolution supports 2 and 4: "
                    + "use scale=2 or scale=4.");
        }
        return scale;
    }

    static double strength(double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException("strength is " + s + " but must lie in 0..1 (0 keeps the image, "
                    + "1 redraws it from noise).");
        }
        return s;
    }
}
