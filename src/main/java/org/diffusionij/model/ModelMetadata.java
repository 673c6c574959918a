package org.diffusionij.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The diffusion definition and model card read from an ONNX file's metadata
 * (models/MODEL_CONTRACT.md), validated on construction: a missing or inconsistent field is
 * refused with a {@link ModelException} that names it.
 */
public final class ModelMetadata {

    /** How training data was mapped to [-1, 1]. */
    public enum IntensityMapping { FIXED, PERCENTILE }

    /**
     * Largest {@code size_multiple} accepted: a UNet halves its input at most 10 times; a larger
     * factor would pad every image to a huge size.
     */
    public static final int MAX_SIZE_MULTIPLE = 1024;

    /** Most values one sample (in_channels x sample_size x sample_size) may have: one Java array. */
    static final long MAX_SAMPLE_VALUES = Integer.MAX_VALUE - 8;

    private final Map<String, String> raw;
    private final Map<String, String> overrides;
    private final double[] alphasCumprod;
    private final int channels;
    private final int sampleSize;
    private final int sizeMultiple;
    private final boolean fixedLargeVariance;
    private final IntensityMapping intensityMapping;
    private final double low;
    private final double high;

    private ModelMetadata(Map<String, String> raw, Map<String, String> overrides) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        String format = require("diffusion_ij.format");
        if (!format.equals("1")) {
            throw new ModelException(label("diffusion_ij.format") + " is '" + shown(format)
                    + "'; this version reads format 1");
        }
        String prediction = require("prediction_type");
        if (!prediction.equals("epsilon")) {
            throw new ModelException(label("prediction_type") + " is '" + shown(prediction)
                    + "'; only 'epsilon' models are supported");
        }
        int T = positiveInt("num_train_timesteps");
        this.alphasCumprod = parseAlphasCumprod(require("alphas_cumprod"), T);
        this.channels = positiveInt("in_channels");
        this.sampleSize = positiveInt("sample_size");
        long sampleValues = (long) sampleSize * sampleSize * channels;
        if (sampleValues > MAX_SAMPLE_VALUES) {
            long most = (long) Math.floor(Math.sqrt((double) MAX_SAMPLE_VALUES / channels));
            throw new ModelException(label("sample_size") + " is " + sampleSize + "; at most " + most + " with "
                    + channels + " channel(s) (one sample must fit a Java array): fix it with --override "
                    + "sample_size=N");
        }
        this.sizeMultiple = positiveInt("size_multiple");
        if (sizeMultiple > MAX_SIZE_MULTIPLE) {
            throw new ModelException(label("size_multiple") + " is " + sizeMultiple + "; at most "
                    + MAX_SIZE_MULTIPLE + " is supported (a UNet halves its input at most 10 times): fix it with "
                    + "--override size_multiple=N");
        }
        String variance = require("variance_type");
        if (!variance.equals("fixed_small") && !variance.equals("fixed_large")) {
            throw new ModelException(label("variance_type") + " is '" + shown(variance)
                    + "'; expected 'fixed_small' or 'fixed_large'");
        }
        this.fixedLargeVariance = variance.equals("fixed_large");
        String mapping = require("intensity_mapping");
        switch (mapping) {
            case "fixed":
                intensityMapping = IntensityMapping.FIXED;
                low = number("intensity_low");
                high = number("intensity_high");
                if (!(low < high) || !Double.isFinite(high - low)) {
                    throw new ModelException("metadata fields 'intensity_low' (" + low + ") and 'intensity_high' ("
                            + high + ") are inconsistent: low must be below high, by a finite amount");
                }
                break;
            case "percentile":
                intensityMapping = IntensityMapping.PERCENTILE;
                low = number("percentile_low");
                high = number("percentile_high");
                if (!(0 <= low && low < high && high <= 100)) {
                    throw new ModelException("metadata fields 'percentile_low' (" + low + ") and 'percentile_high' ("
                            + high + ") are inconsistent: need 0 <= low < high <= 100");
                }
                break;
            default:
                throw new ModelException(label("intensity_mapping") + " is '" + shown(mapping)
                        + "'; expected 'fixed' or 'percentile'");
        }
    }

    /**
     * Parses and validates metadata; {@code overrides} (from the command line, for foreign ONNX
     * files) fill or replace fields before validation.
     */
    public static ModelMetadata parse(Map<String, String> metadata, Map<String, String> overrides) {
        checkOverrides(overrides);
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(overrides);
        return new ModelMetadata(merged, overrides);
    }

    /**
     * Refuses overrides that cannot name a field (an empty or blank key, as {@code --override =5}
     * gives), before any model is loaded.
     *
     * @throws ModelException naming the override
     */
    public static void checkOverrides(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank()) {
                throw new ModelException("--override " + (key == null ? "" : key) + "=" + e.getValue()
                        + " has no field name: give KEY=VALUE, e.g. --override in_channels=1");
            }
            if (!key.equals(key.strip())) {
                throw new ModelException("--override '" + key + "=" + e.getValue() + "' has spaces around the field "
                        + "name: write --override " + key.strip() + "=" + e.getValue());
            }
        }
    }

    /** The value {@code key} was given by an override, if it was. */
    public java.util.Optional<String> overridden(String key) {
        return java.util.Optional.ofNullable(overrides.get(key));
    }

    /** A value as messages show it: at most 40 characters (a metadata value can be any length). */
    static String shown(String v) {
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }

    /** "metadata field 'k'", plus where the value came from when an override gave it. */
    private String label(String key) {
        String o = overrides.get(key);
        return "metadata field '" + key + "'" + (o == null ? "" : " (from --override " + key + "=" + shown(o) + ")");
    }

    public static ModelMetadata parse(Map<String, String> metadata) {
        return parse(metadata, Map.of());
    }

    private String require(String key) {
        String v = raw.get(key);
        if (v == null || v.isBlank()) {
            if (overrides.containsKey(key)) {
                throw new ModelException("--override " + key + "= gives the field '" + key + "' no value: give "
                        + key + "=VALUE");
            }
            throw new ModelException("model metadata lacks the field '" + key
                    + "' (see models/MODEL_CONTRACT.md); for a foreign ONNX file give it with --override "
                    + key + "=VALUE");
        }
        return v.trim();
    }

    private int positiveInt(String key) {
        String v = require(key);
        try {
            int i = Integer.parseInt(v);
            if (i >= 1) return i;
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new ModelException(label(key) + " is '" + shown(v) + "'; expected a positive integer");
    }

    private double number(String key) {
        String v = require(key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new ModelException(label(key) + " is '" + shown(v) + "'; expected a finite number");
    }

    private static double[] parseAlphasCumprod(String text, int T) {
        String[] parts = text.split(",");
        if (parts.length != T) {
            throw new ModelException("metadata field 'alphas_cumprod' has " + parts.length
                    + " entries but 'num_train_timesteps' is " + T);
        }
        double[] a = new double[T];
        for (int i = 0; i < T; i++) {
            try {
                a[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ModelException("metadata field 'alphas_cumprod' entry " + i + " ('" + shown(parts[i])
                        + "') is not a number");
            }
            if (!(a[i] > 0 && a[i] <= 1)) {
                throw new ModelException("metadata field 'alphas_cumprod' entry " + i + " is " + a[i]
                        + "; every entry must lie in (0, 1]");
            }
            if (i > 0 && !(a[i] < a[i - 1])) {
                throw new ModelException("metadata field 'alphas_cumprod' is not strictly decreasing at entry " + i);
            }
        }
        return a;
    }

    /** ᾱ_0..ᾱ_{T-1}, authoritative; a copy. */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public int numTrainTimesteps() {
        return alphasCumprod.length;
    }

    public int channels() {
        return channels;
    }

    public int sampleSize() {
        return sampleSize;
    }

    public int sizeMultiple() {
        return sizeMultiple;
    }

    /** True for β variance in DDPM ancestral sampling, false for β̃. */
    public boolean fixedLargeVariance() {
        return fixedLargeVariance;
    }

    public IntensityMapping intensityMapping() {
        return intensityMapping;
    }

    /** {@code fixed}: data value mapped to -1; {@code percentile}: percentile mapped to -1. */
    public double intensityLow() {
        return low;
    }

    /** {@code fixed}: data value mapped to +1; {@code percentile}: percentile mapped to +1. */
    public double intensityHigh() {
        return high;
    }

    /** The model's name from its card, or "unnamed model". */
    public String name() {
        return raw.getOrDefault("model.name", "unnamed model");
    }

    /** All metadata fields as read (plus overrides), in file order. */
    public Map<String, String> raw() {
        return raw;
    }
}
