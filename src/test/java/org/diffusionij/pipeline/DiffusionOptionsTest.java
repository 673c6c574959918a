package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.model.Device;
import org.diffusionij.sampler.SamplerKind;
import org.junit.jupiter.api.Test;

class DiffusionOptionsTest {

    @Test
    void defaultsComeFromTheConstants() {
        DiffusionOptions d = DiffusionOptions.defaults();
        assertEquals("", d.model());
        assertEquals(Device.AUTO, d.device());
        assertEquals(SamplerKind.DPM_SOLVER_PP_2M, d.sampler());
        assertEquals(25, d.steps());
        assertEquals(0.0, d.eta());
        assertEquals(1L, d.seed());
    }

    @Test
    void textFormsAreParsedAndBadValuesNamed() {
        DiffusionOptions o = DiffusionOptions.of(" m.onnx ", "gpu", "DDIM", 7, 0.5, 9);
        assertEquals("m.onnx", o.model());
        assertEquals(Device.CUDA, o.device());
        assertEquals(SamplerKind.DDIM, o.sampler());
        String steps = assertThrows(IllegalArgumentException.class,
                () -> DiffusionOptions.of("", "auto", "ddim", 0, 0, 1)).getMessage();
        assertTrue(steps.contains("steps is 0") && steps.contains("at least 1"), steps);
        String eta = assertThrows(IllegalArgumentException.class,
                () -> DiffusionOptions.of("", "auto", "ddim", 5, 1.5, 1)).getMessage();
        assertTrue(eta.contains("eta is 1.5") && eta.contains("[0, 1]"), eta);
        String sampler = assertThrows(IllegalArgumentException.class,
                () -> DiffusionOptions.of("", "auto", "euler", 5, 0, 1)).getMessage();
        assertTrue(sampler.contains("'euler'"), sampler);
    }
}
