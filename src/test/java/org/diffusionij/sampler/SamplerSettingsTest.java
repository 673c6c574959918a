package org.diffusionij.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.schedule.TimestepSpacing;
import org.junit.jupiter.api.Test;

class SamplerSettingsTest {

    @Test
    void kindParsesItsOwnNames() {
        for (SamplerKind k : SamplerKind.values()) assertEquals(k, SamplerKind.parse(k.toString()));
        assertEquals(SamplerKind.DPM_SOLVER_PP_2M, SamplerKind.parse(" DPM++2M "));
        assertEquals("ddpm", SamplerKind.DDPM.toString());
        assertEquals("ddim", SamplerKind.DDIM.toString());
        assertEquals("dpm++2m", SamplerKind.DPM_SOLVER_PP_2M.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamplerKind.parse("euler"));
        assertTrue(e.getMessage().contains("euler") && e.getMessage().contains("ddpm, ddim or dpm++2m"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplerKind.parse(null));
    }

    @Test
    void defaultsAreDpmSolverTwentyTrailingClipped() {
        SamplerSettings d = SamplerSettings.defaults();
        assertEquals(SamplerKind.DPM_SOLVER_PP_2M, d.kind());
        assertEquals(20, d.steps());
        assertEquals(0.0, d.eta());
        assertEquals(TimestepSpacing.TRAILING, d.spacing());
        assertTrue(d.clipSample());
        assertFalse(d.fixedLargeVariance());
    }

    @Test
    void withMethodsChangeOneField() {
        SamplerSettings s = SamplerSettings.defaults().withKind(SamplerKind.DDIM).withSteps(7).withEta(0.5)
                .withSpacing(TimestepSpacing.LEADING).withClipSample(false).withFixedLargeVariance(true);
        assertEquals(new SamplerSettings(SamplerKind.DDIM, 7, 0.5, TimestepSpacing.LEADING, false, true), s);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        SamplerSettings d = SamplerSettings.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withSteps(0));
        assertTrue(e.getMessage().contains("steps must be at least 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withEta(1.5));
        assertTrue(e.getMessage().contains("eta"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withEta(-0.1));
        assertThrows(IllegalArgumentException.class, () -> d.withEta(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.withKind(null));
        assertThrows(IllegalArgumentException.class, () -> d.withSpacing(null));
    }
}
