package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** device=auto on the CPU-only ONNX Runtime is information, not a warning (Fiji pops its Console on warnings). */
class ModelLogTest {

    @Test
    void autoOnTheCpuOnlyBuildIsAnInfoLineNotAWarning() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "this ONNX Runtime has the CUDA provider");
        List<String> info = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        try (OnnxEpsModel m = OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.AUTO, Map.of(), 1,
                ModelLog.of(info::add, warn::add))) {
            assertEquals(Device.CPU, m.resolvedDevice());
        }
        assertEquals(List.of(), warn);
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).startsWith("CUDA not used: this ONNX Runtime has no CUDA provider"), info.get(0));
    }

    @Test
    void aPlainConsumerGetsBothKinds() {
        List<String> all = new ArrayList<>();
        ModelLog.info(all::add, "a");
        ModelLog.of(s -> { }, all::add).accept("b");
        assertEquals(List.of("a", "b"), all);
    }
}
