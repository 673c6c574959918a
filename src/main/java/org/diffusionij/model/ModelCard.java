package org.diffusionij.model;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one formatter of a model's metadata for people (Fiji's Model info table and the launcher's
 * {@code info}): the contract's fields in the contract's order, then the model card
 * ({@code model.*}), then anything else; the T-long {@code alphas_cumprod} list shown by its ends
 * and length.
 */
public final class ModelCard {

    private static final List<String> CONTRACT_ORDER = List.of("diffusion_ij.format", "prediction_type",
            "num_train_timesteps", "beta_schedule", "beta_start", "beta_end", "cosine_s", "alphas_cumprod",
            "variance_type", "in_channels", "sample_size", "size_multiple", "intensity_mapping", "intensity_low",
            "intensity_high", "percentile_low", "percentile_high");

    private ModelCard() {
    }

    /** Every metadata field as (key, value) in display order. */
    public static List<Map.Entry<String, String>> fields(ModelMetadata md) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        md.raw().entrySet().stream().sorted(Comparator.comparing(e -> sortKey(e.getKey())))
                .forEach(e -> out.add(new SimpleImmutableEntry<>(e.getKey(), abbreviate(e.getKey(), e.getValue()))));
        return out;
    }

    private static String sortKey(String key) {
        int i = CONTRACT_ORDER.indexOf(key);
        if (i >= 0) return String.format(Locale.ROOT, "0%03d", i);
        return (key.startsWith("model.") ? "1" : "2") + key;
    }

    /** The ᾱ table is T numbers long: show its length and ends. */
    private static String abbreviate(String key, String value) {
        if (!key.equals("alphas_cumprod")) return value;
        String[] parts = value.split(",");
        if (parts.length <= 4) return value;
        return parts[0].trim() + ", " + parts[1].trim() + ", ..., " + parts[parts.length - 1].trim() + " ("
                + parts.length + " values)";
    }
}
