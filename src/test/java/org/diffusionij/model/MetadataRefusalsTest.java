package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.TestFiles;
import org.diffusionij.testing.TestModels;
import org.junit.jupiter.api.Test;

/** Metadata and overrides that would crash or mislead later are refused up front, naming the field or override. */
class MetadataRefusalsTest {

    private static Map<String, String> contract() {
        return new LinkedHashMap<>(TestModels.contractFields(NoiseSchedule.cosine(50, 0.008), 1, 8));
    }

    private static String refusal(Map<String, String> metadata, Map<String, String> overrides) {
        ModelException e = assertThrows(ModelException.class, () -> ModelMetadata.parse(metadata, overrides));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aHugeSizeMultipleIsRefusedNamingTheField() {
        Map<String, String> m = contract();
        m.put("size_multiple", "1000000");
        assertEquals("metadata field 'size_multiple' is 1000000; at most 1024 is supported (a UNet halves its input "
                + "at most 10 times): fix it with --override size_multiple=N", refusal(m, Map.of()));
    }

    @Test
    void aHugeSampleSizeIsRefusedNamingTheFieldAndTheLimit() {
        Map<String, String> m = contract();
        m.put("sample_size", "2147483647");
        assertEquals("metadata field 'sample_size' is 2147483647; at most 46340 with 1 channel(s) (one sample must fit "
                + "a Java array): fix it with --override sample_size=N", refusal(m, Map.of()));
        m.put("sample_size", "46340");
        assertEquals(46340, ModelMetadata.parse(m).sampleSize());
        m.put("in_channels", "3");
        assertEquals("metadata field 'sample_size' is 46340; at most 26754 with 3 channel(s) (one sample must fit a "
                + "Java array): fix it with --override sample_size=N", refusal(m, Map.of()));
    }

    @Test
    void anOverrideThatBreaksAFieldIsNamedAsTheOverride() {
        assertEquals("metadata field 'size_multiple' (from --override size_multiple=4096) is 4096; at most 1024 is "
                + "supported (a UNet halves its input at most 10 times): fix it with --override size_multiple=N",
                refusal(contract(), Map.of("size_multiple", "4096")));
        assertEquals("metadata field 'in_channels' (from --override in_channels=two) is 'two'; expected a positive "
                + "integer", refusal(contract(), Map.of("in_channels", "two")));
    }

    @Test
    void anOverrideWithoutAFieldNameIsRefused() {
        assertEquals("--override =5 has no field name: give KEY=VALUE, e.g. --override in_channels=1",
                refusal(contract(), Map.of("", "5")));
        assertEquals("--override  =5 has no field name: give KEY=VALUE, e.g. --override in_channels=1",
                refusal(contract(), Map.of(" ", "5")));
        assertEquals("--override ' in_channels=1' has spaces around the field name: write --override in_channels=1",
                refusal(contract(), Map.of(" in_channels", "1")));
    }

    @Test
    void anOverrideWithoutAValueForARequiredFieldIsNamed() {
        assertEquals("--override in_channels= gives the field 'in_channels' no value: give in_channels=VALUE",
                refusal(contract(), Map.of("in_channels", "")));
    }

    @Test
    void anOverrideNamingNoTensorOfTheNetworkIsNamed() {
        ModelException e = assertThrows(ModelException.class,
                () -> OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.CPU, Map.of("graph.x", "nope")).close());
        assertEquals("--override graph.x=nope names no input of the network; its inputs are [t, x]: give one of those",
                e.getMessage().replace("[x, t]", "[t, x]"));
        e = assertThrows(ModelException.class,
                () -> OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.CPU, Map.of("graph.eps", "y")).close());
        assertEquals("--override graph.eps=y names no output of the network; its outputs are [eps]: give one of those",
                e.getMessage());
    }

    @Test
    void anIntensityRangeTooWideForADoubleIsRefused() {
        Map<String, String> m = contract();
        m.put("intensity_low", "-1e308");
        m.put("intensity_high", "1e308");
        assertEquals("metadata fields 'intensity_low' (-1.0E308) and 'intensity_high' (1.0E308) are inconsistent: low "
                + "must be below high, by a finite amount", refusal(m, Map.of()));
    }

    @Test
    void aValueWithALineBreakStaysOnOneLine() {
        assertEquals("metadata field 'in_channels' (from --override in_channels=1\\n2) is '1\\n2'; expected a positive "
                + "integer", refusal(contract(), Map.of("in_channels", "1\n2")));
        String longValue = "x".repeat(1000);
        assertEquals("metadata field 'variance_type' (from --override variance_type=" + "x".repeat(37) + "...) is '"
                + "x".repeat(37) + "...'; expected 'fixed_small' or 'fixed_large'",
                refusal(contract(), Map.of("variance_type", longValue)));
    }
}
