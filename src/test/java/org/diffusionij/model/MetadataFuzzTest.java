package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.task.NoiseLevel;
import org.diffusionij.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * A brief, seeded fuzz of metadata parsing: contract maps with fields removed, replaced by hostile
 * values, alphas_cumprod tables broken, and random overrides. Every case ends in a
 * {@link ModelException} of one line or in metadata whose every value later code relies on holds,
 * never another exception.
 */
class MetadataFuzzTest {

    static final int CASES = Integer.getInteger("fuzz.cases", 3000);
    static final long SEED = Long.getLong("fuzz.seed", 20261205L);

    static final String[] VALUES = {"", " ", "0", "-1", "1", "2", "3", "8", "16", "1024", "1025", "46340", "46341",
        "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1.5", "1e400", "-1e400", "1e308",
        "-1e308", "NaN", "Infinity", "-0", "0x10", "+5", "abc", "epsilon", "v_prediction", "fixed", "percentile",
        "fixed_small", "fixed_large", "1,2,3", "0.5", "100", "101", "\u0665", " 7 ", "\n", "null"};

    static final String[] KEYS = {"diffusion_ij.format", "prediction_type", "num_train_timesteps", "alphas_cumprod",
        "in_channels", "sample_size", "size_multiple", "variance_type", "intensity_mapping", "intensity_low",
        "intensity_high", "percentile_low", "percentile_high", "graph.x", "model.name", "", " ", "other"};

    private static Map<String, String> seed(Random r) {
        Map<String, String> m = new LinkedHashMap<>(TestModels.contractFields(
                r.nextBoolean() ? NoiseSchedule.cosine(20, 0.008) : NoiseSchedule.linear(20, 1e-4, 0.02), 1, 8));
        if (r.nextBoolean()) {
            m.put("intensity_mapping", "percentile");
            m.put("percentile_low", "0.5");
            m.put("percentile_high", "99.5");
        }
        return m;
    }

    private static String breakTable(String table, Random r) {
        List<String> parts = new ArrayList<>(List.of(table.split(",")));
        int at = r.nextInt(parts.size());
        switch (r.nextInt(5)) {
            case 0 -> parts.remove(at);
            case 1 -> parts.set(at, VALUES[r.nextInt(VALUES.length)]);
            case 2 -> parts.add(at, parts.get(at));
            case 3 -> parts.set(at, "0");
            default -> java.util.Collections.swap(parts, at, r.nextInt(parts.size()));
        }
        return String.join(",", parts);
    }

    /** Null when the case ends cleanly; otherwise what went wrong. */
    private static String outcome(Map<String, String> metadata, Map<String, String> overrides) {
        try {
            ModelMetadata m = ModelMetadata.parse(metadata, overrides);
            // What later code relies on.
            NoiseSchedule s = NoiseSchedule.fromAlphasCumprod(m.alphasCumprod());
            double lo = NoiseLevel.smallestModel(s), hi = NoiseLevel.largestModel(s);
            if (!(lo >= 0 && lo < hi && Double.isFinite(hi))) return "noise levels " + lo + ".." + hi;
            if (m.sizeMultiple() > ModelMetadata.MAX_SIZE_MULTIPLE) return "size_multiple " + m.sizeMultiple();
            if ((long) m.sampleSize() * m.sampleSize() * m.channels() > ModelMetadata.MAX_SAMPLE_VALUES) {
                return "sample of " + m.sampleSize() + "^2 x " + m.channels();
            }
            if (!Double.isFinite(m.intensityHigh() - m.intensityLow()) || !(m.intensityLow() < m.intensityHigh())) {
                return "intensity range " + m.intensityLow() + ".." + m.intensityHigh();
            }
            return null;
        } catch (ModelException e) {
            return e.getMessage() == null || e.getMessage().contains("\n") ? "unclear refusal: " + e.getMessage() : null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    @Test
    void mutatedMetadataIsParsedOrRefusedCleanly() {
        Random r = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            Map<String, String> m = seed(r);
            Map<String, String> overrides = new LinkedHashMap<>();
            int rounds = 1 + r.nextInt(3);
            for (int k = 0; k < rounds; k++) {
                String key = KEYS[r.nextInt(KEYS.length)];
                switch (r.nextInt(4)) {
                    case 0 -> m.remove(key);
                    case 1 -> m.put(key, VALUES[r.nextInt(VALUES.length)]);
                    case 2 -> m.computeIfPresent("alphas_cumprod", (x, v) -> breakTable(v, r));
                    default -> overrides.put(key, VALUES[r.nextInt(VALUES.length)]);
                }
            }
            String problem = outcome(m, overrides);
            if (problem != null) failures.add("case " + i + ": " + problem + " for " + m + " / " + overrides);
            else {
                try {
                    ModelMetadata.parse(m, overrides);
                    parsed++;
                } catch (ModelException e) {
                    // refused cleanly
                }
            }
        }
        System.out.println("metadata fuzz: " + CASES + " cases (seed " + SEED + "): " + parsed + " parsed, "
                + (CASES - parsed - failures.size()) + " refused, " + failures.size() + " failed");
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " failures");
    }
}
