package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusionij.image.IntensityRange;
import org.junit.jupiter.api.Test;

class RestorationOptionsTest {

    @Test
    void defaultsComeFromTheConstants() {
        RestorationOptions d = RestorationOptions.of(RestorationOptions.RANGE, RestorationOptions.SAMPLES,
                RestorationOptions.UNCERTAINTY);
        assertEquals(IntensityRange.AUTO, d.range());
        assertEquals(1, d.samples());
        assertFalse(d.uncertainty());
        assertEquals(IntensityRange.AUTO, RestorationOptions.of(null, 1, false).range(), "no range: auto");
    }

    @Test
    void textFormsAreParsedAndBadValuesNamed() {
        RestorationOptions r = RestorationOptions.of("0,4095", 8, true);
        assertEquals(0, r.range().low());
        assertEquals(4095, r.range().high());
        assertTrue(r.uncertainty());
        String samples = assertThrows(IllegalArgumentException.class,
                () -> RestorationOptions.of("auto", 0, false)).getMessage();
        assertTrue(samples.contains("samples is 0") && samples.contains("at least 1"), samples);
        String std = assertThrows(IllegalArgumentException.class,
                () -> RestorationOptions.of("auto", 1, true)).getMessage();
        assertTrue(std.contains("uncertainty needs samples of at least 2"), std);
        String range = assertThrows(IllegalArgumentException.class,
                () -> RestorationOptions.of("bright", 1, false)).getMessage();
        assertTrue(range.contains("range must be auto, model or LOW,HIGH") && range.contains("'bright'"), range);
    }
}
