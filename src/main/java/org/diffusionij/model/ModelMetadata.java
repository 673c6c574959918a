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

    private final Map<String, String> raw;
    private final double[] alphasCumprod;
    private final int channels;
    private final int sampleSize;
    private final int sizeMultiple;
    private final boolean fixedLargeVariance;
    private final IntensityMapping intensityMapping;
    private final double low;
    private final double high;

    private ModelMetadata(Map<String, String> raw) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        String format = require("diffusion_ij.format");
        if (!format.equals("1")) {
            throw new ModelException("metadata field 'diffusion_ij.format' is '" + format
                    + "'; this version reads format 1");
        }
        String prediction = require("prediction_type");
        if (!prediction.equals("epsilon")) {
            throw new ModelException("metadata field 'prediction_type' is '" + prediction
                    + "'; only 'epsilon' models are supported");
        }
        int T = positiveInt("num_train_timesteps");
        this.alphasCumprod = parseAlphasCumprod(require("alphas_cumprod"), T);
        this.channels = positiveInt("in_channels");
        this.sampleSize = positiveInt("sample_size");
        this.sizeMultiple = positiveInt("size_multiple");
        String variance = require("variance_type");
        if (!variance.equals("fixed_small") && !variance.equals("fixed_large")) {
            throw new ModelException("metadata field 'variance_type' is '" + variance
                    + "'; expected 'fixed_small' or 'fixed_large'");
        }
        this.fixedLargeVariance = variance.equals("fixed_large");
        String mapping = require("intensity_mapping");
        switch (mapping) {
            case "fixed":
                intensityMapping = IntensityMapping.FIXED;
                low = number("intensity_low");
                high = number("intensity_high");
                if (!(low < high)) {
                    throw new ModelException("metadata fields 'intensity_low' (" + low + ") and 'intensity_high' ("
                            + high + ") are inconsistent: low must be below high");
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
                throw new ModelException("metadata field 'intensity_mapping' is '" + mapping
                        + "'; expected 'fixed' or 'percentile'");
        }
    }

    /**
     * Parses and validates metadata; {@code overrides} (from the command line, for foreign ONNX
     * files) fill or replace fields before validation.
     */
    public static ModelMetadata parse(Map<String, String> metadata, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(overrides);
        return new ModelMetadata(merged);
    }

    public static ModelMetadata parse(Map<String, String> metadata) {
        return parse(metadata, Map.of());
    }

    private String require(String key) {
        String v = raw.get(key);
        if (v == null || v.isBlank()) {
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
        throw new ModelException("metadata field '" + key + "' is '" + v + "'; expected a positive integer");
    }

    private double number(String key) {
        String v = require(key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new ModelException("metadata field '" + key + "' is '" + v + "'; expected a finite number");
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
                throw new ModelException("metadata field 'alphas_cumprod' entry " + i + " ('" + parts[i]
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
