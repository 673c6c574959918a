package org.diffusionij.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.diffusionij.model.ModelMetadata;
import org.diffusionij.schedule.NoiseSchedule;

/** Metadata for test models that follow the contract (models/MODEL_CONTRACT.md). */
public final class TestModels {

    private TestModels() {
    }

    /** Contract fields for a model on {@code schedule} with {@code channels} channels. */
    public static Map<String, String> contractFields(NoiseSchedule schedule, int channels, int sizeMultiple) {
        StringJoiner table = new StringJoiner(",");
        for (double a : schedule.alphasCumprod()) table.add(Double.toString(a));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("diffusion_ij.format", "1");
        m.put("prediction_type", "epsilon");
        m.put("num_train_timesteps", Integer.toString(schedule.numTrainTimesteps()));
        m.put("beta_schedule", "cosine");
        m.put("alphas_cumprod", table.toString());
        m.put("variance_type", "fixed_small");
        m.put("in_channels", Integer.toString(channels));
        m.put("sample_size", "32");
        m.put("size_multiple", Integer.toString(sizeMultiple));
        m.put("intensity_mapping", "fixed");
        m.put("intensity_low", "0");
        m.put("intensity_high", "255");
        m.put("model.name", "test model");
        return m;
    }

    public static ModelMetadata metadata(NoiseSchedule schedule, int channels, int sizeMultiple) {
        return ModelMetadata.parse(contractFields(schedule, channels, sizeMultiple));
    }
}
