package org.diffusionij.task;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

import org.diffusionij.schedule.NoiseSchedule;

/**
 * A noise level σ for denoising, in the image's intensity units, with every rule about it in one
 * place: what the user may type, and which levels the model can remove. The model removes noise
 * between that of its first training step, σ₀ = √((1-ᾱ₀)/ᾱ₀), and that of its last; a σ at or
 * below σ₀ would start the reverse process at step 0 (nothing to do, and no steps to take), and
 * one above the last is more noise than the model was ever shown.
 */
public final class NoiseLevel {

    private final double imageUnits;
    private final boolean estimated;

    private NoiseLevel(double imageUnits, boolean estimated) {
        this.imageUnits = imageUnits;
        this.estimated = estimated;
    }

    /**
     * The level the user typed: empty (or "auto") means "estimate it from the image".
     *
     * @throws IllegalArgumentException for text that is not a number, NaN, infinities, negative
     *                                  values and 0, each with its own line
     */
    public static Optional<NoiseLevel> parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.toLowerCase(Locale.ROOT).equals("auto")) return Optional.empty();
        double s;
        try {
            s = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            s = Double.NaN;
        }
        return Optional.of(given(s, t));
    }

    /** A level given as a number (image units); the same rules as {@link #parse}. */
    public static NoiseLevel given(double imageUnits) {
        return given(imageUnits, format(imageUnits));
    }

    private static NoiseLevel given(double s, String text) {
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException("sigma '" + text + "' is not a number: give the noise level in the "
                    + "image's intensity units (e.g. sigma=12), or leave it empty to estimate it.");
        }
        if (s < 0) {
            throw new IllegalArgumentException("sigma is " + text + " but a noise level cannot be negative: give a "
                    + "value > 0 in the image's intensity units, or leave it empty to estimate it.");
        }
        if (s == 0) {
            throw new IllegalArgumentException("sigma is 0, which says the image has no noise to remove: give the "
                    + "noise level (> 0, image units), or leave sigma empty to estimate it.");
        }
        return new NoiseLevel(s, false);
    }

    /**
     * A level estimated from the image (image units).
     *
     * @param image the image's name, for the message when the estimate is 0
     */
    public static NoiseLevel estimated(double imageUnits, String image) {
        if (!(imageUnits > 0) || !Double.isFinite(imageUnits)) {
            throw new IllegalArgumentException("The noise level estimated from '" + image + "' is "
                    + format(imageUnits) + " (the image looks noise-free or flat): give sigma explicitly.");
        }
        return new NoiseLevel(imageUnits, true);
    }

    /** σ in the image's intensity units. */
    public double imageUnits() {
        return imageUnits;
    }

    /** True when estimated from the image rather than given. */
    public boolean isEstimated() {
        return estimated;
    }

    /**
     * σ in model units, checked against the levels the model removes.
     *
     * @param modelPerImageUnit model units per image unit (the intensity map's
     *                          {@code sigmaToModel(1)})
     * @throws IllegalArgumentException naming the smallest or largest level, in image units
     */
    public double toModel(double modelPerImageUnit, NoiseSchedule schedule) {
        if (!(modelPerImageUnit > 0) || !Double.isFinite(modelPerImageUnit)) {
            throw new IllegalArgumentException("model units per image unit must be positive, got " + modelPerImageUnit);
        }
        double model = imageUnits * modelPerImageUnit;
        double smallest = smallestModel(schedule), largest = largestModel(schedule);
        String what = estimated ? "the estimated noise level " + format(imageUnits) : "sigma " + format(imageUnits);
        if (!(model > smallest)) {
            String least = round(smallest / modelPerImageUnit, RoundingMode.UP);
            throw new IllegalArgumentException(what + " is below the smallest noise level this model removes, "
                    + least + " (image units; the noise of its first training step): "
                    + (estimated ? "the image looks noise-free; give sigma explicitly if you know it."
                    : "give sigma of at least " + least + ", or use the image as it is."));
        }
        if (model > largest) {
            String most = round(largest / modelPerImageUnit, RoundingMode.DOWN);
            throw new IllegalArgumentException(what + " is above the largest noise level this model removes, " + most
                    + " (image units; the noise of its last training step): give sigma of at most " + most
                    + " in the image's intensity units.");
        }
        return model;
    }

    /** σ₀ in model units: the noise of the first training step. */
    public static double smallestModel(NoiseSchedule schedule) {
        double a = schedule.alphaBar(0);
        return Math.sqrt((1 - a) / a);
    }

    /** σ in model units of the last training step. */
    public static double largestModel(NoiseSchedule schedule) {
        double a = schedule.alphaBar(schedule.numTrainTimesteps() - 1);
        return Math.sqrt((1 - a) / a);
    }

    @Override
    public String toString() {
        return format(imageUnits) + (estimated ? " (estimated)" : " (given)");
    }

    private static String format(double v) {
        return Double.isFinite(v) ? new BigDecimal(v, new MathContext(4)).stripTrailingZeros().toString().replace("E", "e")
                : Double.toString(v);
    }

    /** Three significant digits, rounded the safe way (up for a lower limit, down for an upper one). */
    private static String round(double v, RoundingMode mode) {
        return new BigDecimal(v).round(new MathContext(3, mode)).stripTrailingZeros().toPlainString();
    }
}
