package org.diffusionij.image;

import java.util.Locale;

import ij.ImagePlus;
import org.diffusionij.model.ModelMetadata;

/**
 * The affine map between an image's raw pixel values and model space: {@code low} goes to -1,
 * {@code high} to +1. How low and high are chosen ({@link #forImage}):
 * <ul>
 * <li>model trained with {@code fixed} mapping, 8-bit or RGB image: the model's own
 * {@code intensity_low}/{@code intensity_high} (e.g. 0 and 255), so the image means what the
 * training data meant;</li>
 * <li>{@code fixed} model, 16- or 32-bit image: the image's own robust range, its
 * {@value #ROBUST_LOW} and {@value #ROBUST_HIGH} percentiles over all planes, because such images
 * have no fixed scale the model could know;</li>
 * <li>model trained with {@code percentile} mapping: the model's percentiles of this image, over
 * all planes, whatever its type.</li>
 * </ul>
 * One map serves the whole image (all planes), so relative intensities across a stack are kept.
 * Values outside [low, high] map outside [-1, 1]; nothing is clipped on the way in.
 */
public final class IntensityMap {

    /** Percentile mapped to -1 for 16/32-bit images under a fixed-mapping model. */
    public static final double ROBUST_LOW = 0.1;
    /** Percentile mapped to +1 for 16/32-bit images under a fixed-mapping model. */
    public static final double ROBUST_HIGH = 99.9;

    private final double low;
    private final double high;
    private final String description;

    /**
     * @param low         image value mapped to -1
     * @param high        image value mapped to +1; must exceed low
     * @param description how low and high were chosen, for the log
     */
    public IntensityMap(double low, double high, String description) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new IllegalArgumentException("intensity range must be finite with low < high, got " + low
                    + " .. " + high);
        }
        this.low = low;
        this.high = high;
        this.description = description;
    }

    /** The map for {@code imp} under {@code model}'s intensity convention (see class comment). */
    public static IntensityMap forImage(ImagePlus imp, ModelMetadata model) {
        int type = imp.getType();
        boolean eightBit = type == ImagePlus.GRAY8 || type == ImagePlus.COLOR_256 || type == ImagePlus.COLOR_RGB;
        if (model.intensityMapping() == ModelMetadata.IntensityMapping.FIXED) {
            if (eightBit) {
                return new IntensityMap(model.intensityLow(), model.intensityHigh(),
                        "fixed " + fmt(model.intensityLow()) + ".." + fmt(model.intensityHigh()) + " (the model's)");
            }
            return fromPercentiles(imp, ROBUST_LOW, ROBUST_HIGH, "image");
        }
        return fromPercentiles(imp, model.intensityLow(), model.intensityHigh(), "model");
    }

    /** A map for model output with no input image (Generate): the model's fixed range, or [0, 1]. */
    public static IntensityMap forGeneration(ModelMetadata model) {
        if (model.intensityMapping() == ModelMetadata.IntensityMapping.FIXED) {
            return new IntensityMap(model.intensityLow(), model.intensityHigh(),
                    "fixed " + fmt(model.intensityLow()) + ".." + fmt(model.intensityHigh()) + " (the model's)");
        }
        return new IntensityMap(0, 1, "0..1 (the model maps per-image percentiles; no absolute scale exists)");
    }

    private static IntensityMap fromPercentiles(ImagePlus imp, double pLow, double pHigh, String whose) {
        double[] v = Percentiles.of(imp, pLow, pHigh);
        String how = "percentiles " + fmt(pLow) + "/" + fmt(pHigh) + " (" + whose + "'s choice) of the image";
        if (Double.isNaN(v[0])) {
            return new IntensityMap(-1, 1, how + ": no finite pixel, identity used");
        }
        if (!(v[1] > v[0])) {
            // A flat image has no range: centre it in model space, one unit either side.
            return new IntensityMap(v[0] - 1, v[0] + 1, how + ": image is flat at " + fmt(v[0]));
        }
        return new IntensityMap(v[0], v[1], how + " = " + fmt(v[0]) + ".." + fmt(v[1]));
    }

    /** Image value mapped to -1. */
    public double low() {
        return low;
    }

    /** Image value mapped to +1. */
    public double high() {
        return high;
    }

    /** How the range was chosen, for the log. */
    public String description() {
        return description;
    }

    /** Image value to model space; NaN and infinities become 0, the middle of model space. */
    public float toModel(double v) {
        if (!Double.isFinite(v)) return 0f;
        return (float) ((v - low) / (high - low) * 2 - 1);
    }

    /** Model value to image value (unclamped, unrounded). */
    public double toImage(double m) {
        return (m + 1) / 2 * (high - low) + low;
    }

    /** A standard deviation in image units expressed in model units. */
    public double sigmaToModel(double sigmaImage) {
        return sigmaImage * 2 / (high - low);
    }

    /** A standard deviation in model units expressed in image units. */
    public double sigmaToImage(double sigmaModel) {
        return sigmaModel * (high - low) / 2;
    }

    @Override
    public String toString() {
        return description;
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
