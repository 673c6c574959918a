package org.diffusionij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import ij.measure.ResultsTable;
import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.module.Module;

class ModelInfoTest {

    private static MacroBridge bridge;

    @BeforeAll
    static void start() {
        bridge = MacroBridge.shared();
    }


    private static Map<String, String> rows(ResultsTable t) {
        Map<String, String> m = new HashMap<>();
        for (int r = 0; r < t.size(); r++) m.put(t.getStringValue("key", r), t.getStringValue("value", r));
        return m;
    }

    @Test
    void showsTheCardAndMetadataOfAnOnnxFile() throws Exception {
        String tiny = TestFiles.resource("/golden/tiny.onnx").toString();
        Module m = bridge.run(ModelInfo.class, "model=[" + tiny + "] device=cpu");
        assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
        ResultsTable t = (ResultsTable) m.getOutput("info");
        Map<String, String> rows = rows(t);
        assertEquals("1", rows.get("channels"));
        assertEquals("1000", rows.get("timesteps (T)"));
        assertEquals("2", rows.get("size_multiple"));
        assertEquals("epsilon", rows.get("prediction_type"));
        assertTrue(rows.get("alphas_cumprod").endsWith("(1000 values)"), rows.get("alphas_cumprod"));
        assertTrue(rows.get("device").startsWith("CPU"), rows.get("device"));
        assertTrue(rows.containsKey("model.name"));
    }

    @Test
    void withoutAModelTheBundledOneIsUsed() throws Exception {
        // The bundled model arrives in models/ with the trained default; until then the build has
        // none and says how to give one. Either way no model= key is needed to get an answer.
        System.setProperty(DefaultModel.CACHE_PROPERTY, "target/model-cache");
        boolean bundled = DefaultModel.class.getResource(DefaultModel.RESOURCE) != null;
        Module m = bridge.run(ModelInfo.class, "device=cpu");
        if (bundled) {
            assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
            Map<String, String> rows = rows((ResultsTable) m.getOutput("info"));
            assertEquals("fashion-mnist-32", rows.get("model.name"));
            assertTrue(rows.get("file").contains("target/model-cache"), rows.get("file"));
        } else {
            assertTrue(MacroBridge.canceled(m), "ran without a model: " + m.getOutput("info"));
            assertTrue(String.valueOf(MacroBridge.reason(m)).contains("no bundled model"),
                    MacroBridge.reason(m) + " / " + bridge.log());
        }
    }

    @Test
    void aModelByNameAndTheList() throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, "target/model-cache");
        Module m = bridge.run(ModelInfo.class, "model=" + DefaultModel.NAME + " device=cpu");
        assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
        Map<String, String> rows = rows((ResultsTable) m.getOutput("info"));
        assertEquals(DefaultModel.NAME, rows.get("model.name"));
        assertTrue(rows.get("available models").startsWith(DefaultModel.NAME + " (bundled)"),
                rows.get("available models"));
        Module unknown = bridge.run(ModelInfo.class, "model=genral device=cpu");
        assertTrue(MacroBridge.canceled(unknown));
        assertTrue(MacroBridge.reason(unknown).startsWith("unknown model 'genral': available models are "
                + DefaultModel.NAME + " (bundled)"), MacroBridge.reason(unknown));
    }

    @Test
    void aMissingFileIsAClearError() throws Exception {
        Module m = bridge.run(ModelInfo.class, "model=[/no/such/model.onnx] device=cpu");
        assertTrue(MacroBridge.canceled(m));
        assertTrue(MacroBridge.reason(m).contains("/no/such/model.onnx"), MacroBridge.reason(m));
        assertNull(m.getOutput("info"));
    }

    @Test
    void aFileBreakingTheContractNamesTheField() throws Exception {
        String bad = TestFiles.onnx("missing_field.onnx").toString();
        Module m = bridge.run(ModelInfo.class, "model=[" + bad + "] device=cpu");
        assertTrue(MacroBridge.canceled(m));
        assertTrue(MacroBridge.reason(m).contains("in_channels"), MacroBridge.reason(m));
    }

    @Test
    void anUnknownDeviceIsAClearError() throws Exception {
        String tiny = TestFiles.resource("/golden/tiny.onnx").toString();
        Module m = bridge.run(ModelInfo.class, "model=[" + tiny + "] device=tpu");
        assertTrue(MacroBridge.canceled(m));
        assertTrue(MacroBridge.reason(m).contains("auto, cpu or gpu"), MacroBridge.reason(m));
    }
}
