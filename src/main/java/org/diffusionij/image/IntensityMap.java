package org.diffusionij.image;

import java.util.Locale;

import ij.ImagePlus;
import org.diffusionij.model.ModelMetadata;

/**
 * The affine map between an image's raw pixel values and model space: {@code low} goes to -1,
 * {@code high} to +1. {@link #choose} picks them under the {@code range=} option
 * ({@link IntensityRange}); for {@code auto} on noisy 16/32-bit images it describes the CLEAN
 * signal ({@link CleanRange}), since percentiles of the noisy values squeeze the signal into a
 * sub-range the model never saw. The older rule, {@link #forImage} (kept until the commands move
 * to {@link #choose}):
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
    private final boolean estimated;

    /**
     * @param low         image value mapped to -1
     * @param high        image value mapped to +1; must exceed low
     * @param description how low and high were chosen, for the log
     */
    public IntensityMap(double low, double high, String description) {
        this(low, high, false, description);
    }

    private IntensityMap(double low, double high, boolean estimated, String description) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new IllegalArgumentException("intensity range must be finite with low < high, got " + low
                    + " .. " + high);
        }
        this.low = low;
        this.high = high;
        this.description = description;
        this.estimated = estimated;
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

    /**
     * The map for {@code imp} under the {@code range=} option (see {@link IntensityRange}); its
     * {@link #description()} says which range and why, for the log.
     *
     * @param sigmaImage noise σ of the image in its own units (given, or estimated from the raw
     *                   values, e.g. by Donoho's estimator); used by {@code auto} for 16/32-bit
     *                   images to find the clean signal's range; 0 or NaN when there is no noise
     *                   model (then the image is taken as clean)
     */
    public static IntensityMap choose(ImagePlus imp, ModelMetadata model, IntensityRange range, double sigmaImage) {
        switch (range.kind()) {
            case EXPLICIT:
                return new IntensityMap(range.low(), range.high(), "range " + range + " (given)");
            case MODEL:
                if (model.intensityMapping() == ModelMetadata.IntensityMapping.FIXED) return modelRange(model,
                        "asked for by range=model");
                return fromPercentiles(imp, model.intensityLow(), model.intensityHigh(), "model");
            default:
                break;
        }
        if (model.intensityMapping() != ModelMetadata.IntensityMapping.FIXED) {
            return fromPercentiles(imp, model.intensityLow(), model.intensityHigh(), "model");
        }
        if (isEightBit(imp)) return modelRange(model, "8-bit/RGB image");
        float[][] planes = rawPlanes(imp);
        if (liesInModelRange(planes, model)) {
            return modelRange(model, "every value lies in it and spans at least half of it, as in a " + imp.getBitDepth()
                    + "-bit copy of an 8-bit image");
        }
        double sigma = Double.isFinite(sigmaImage) && sigmaImage > 0 ? sigmaImage : 0;
        double[] r = CleanRange.estimate(planes, imp.getWidth(), imp.getHeight(), sigma);
        if (Double.isNaN(r[0])) return fromPercentiles(imp, ROBUST_LOW, ROBUST_HIGH, "image");
        return new IntensityMap(r[0], r[1], true, "the clean signal's range estimated from the noisy image (noise sigma "
                + fmt(sigma) + "): background level " + fmt(r[0]) + " (dark side of the mode of the " + fmt(CleanRange.BLUR_SIGMA)
                + " px blur), " + fmt(ROBUST_HIGH) + "th percentile less 3.09 sigma " + fmt(r[1]));
    }

    /** This map with another high end (e.g. refined from the posterior mean), saying why. */
    public IntensityMap withHigh(double newHigh, String why) {
        return new IntensityMap(low, newHigh, estimated, description + "; high end " + fmt(newHigh) + " " + why);
    }

    /** This map with another low end (e.g. refined from the posterior mean), saying why. */
    public IntensityMap withLow(double newLow, String why) {
        return new IntensityMap(newLow, high, estimated, description + "; low end " + fmt(newLow) + " " + why);
    }

    private static IntensityMap modelRange(ModelMetadata model, String why) {
        return new IntensityMap(model.intensityLow(), model.intensityHigh(), "fixed " + fmt(model.intensityLow()) + ".."
                + fmt(model.intensityHigh()) + " (the model's; " + why + ")");
    }

    private static boolean isEightBit(ImagePlus imp) {
        int type = imp.getType();
        return type == ImagePlus.GRAY8 || type == ImagePlus.COLOR_256 || type == ImagePlus.COLOR_RGB;
    }

    /**
     * True when every finite value lies in the model's fixed range and they span at least half of
     * it: a 32-bit (or 16-bit) copy of an 8-bit image. The span condition keeps a 0..1 float image,
     * which also lies in 0..255, from being squeezed into a corner of model space.
     */
    static boolean liesInModelRange(float[][] planes, ModelMetadata model) {
        double lo = model.intensityLow(), hi = model.intensityHigh();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float[] p : planes) {
            for (float v : p) {
                if (!Float.isFinite(v)) continue;
                if (v < lo || v > hi) return false;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max - min >= 0.5 * (hi - lo);
    }

    /** Raw values of every plane of a gray image (8/16/32-bit), one array per stack slice. */
    static float[][] rawPlanes(ImagePlus imp) {
        ij.ImageStack stack = imp.getStack();
        float[][] out = new float[stack.getSize()][];
        for (int s = 1; s <= stack.getSize(); s++) {
            ij.process.ImageProcessor ip = stack.getProcessor(s);
            float[] v = new float[ip.getPixelCount()];
            for (int i = 0; i < v.length; i++) v[i] = ip.getf(i);
            out[s - 1] = v;
        }
        return out;
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

    /**
     * True when the range was estimated from a noisy 16/32-bit image ({@link CleanRange}): then the
     * caller refines its high end from the posterior mean ({@code task.PosteriorRange}, one network
     * call) with {@link #withHigh}.
     */
    public boolean isEstimated() {
        return estimated;
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
