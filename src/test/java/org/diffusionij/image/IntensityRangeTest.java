package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.TestModels;
import org.junit.jupiter.api.Test;

/** range=auto|model|LOW,HIGH and the choices {@link IntensityMap#choose} makes with it. */
class IntensityRangeTest {

    static final ModelMetadata FIXED = TestModels.metadata(NoiseSchedule.linear(100, 1e-4, 0.02), 1, 1);

    @Test
    void parsesTheThreeForms() {
        assertSame(IntensityRange.AUTO, IntensityRange.parse("auto"));
        assertSame(IntensityRange.AUTO, IntensityRange.parse(" "));
        assertSame(IntensityRange.MODEL, IntensityRange.parse("Model"));
        IntensityRange r = IntensityRange.parse("100, 4095.5");
        assertEquals(IntensityRange.Kind.EXPLICIT, r.kind());
        assertEquals(100, r.low());
        assertEquals(4095.5, r.high());
        assertEquals("100,4095.5", r.toString());
        assertEquals(r, IntensityRange.parse(r.toString()));
    }

    @Test
    void badRangesGiveOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntensityRange.parse("500,100"));
        assertTrue(e.getMessage().contains("LOW >= HIGH"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        e = assertThrows(IllegalArgumentException.class, () -> IntensityRange.parse("7,7"));
        assertTrue(e.getMessage().contains("LOW >= HIGH"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IntensityRange.parse("0..255"));
        assertTrue(e.getMessage().contains("auto, model or LOW,HIGH"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IntensityRange.parse("1,2,3"));
        assertThrows(IllegalArgumentException.class, () -> IntensityRange.parse("nan,2"));
    }

    static ImagePlus float32(float[] v, int w, int h) {
        return new ImagePlus("f", new FloatProcessor(w, h, v));
    }

    @Test
    void thirtyTwoBitCopyOfAnEightBitImageUsesTheModelRange() {
        float[] v = new float[64];
        for (int i = 0; i < v.length; i++) v[i] = 3 * i + 0.5f;         // 0.5 .. 189.5: in 0..255, spans > half
        IntensityMap m = IntensityMap.choose(float32(v, 8, 8), FIXED, IntensityRange.AUTO, 0);
        assertEquals(0, m.low());
        assertEquals(255, m.high());
        assertFalse(m.isEstimated());
        assertTrue(m.description().contains("copy of an 8-bit image"), m.description());
        // 0..1 floats also lie in 0..255 but must not be squeezed into a corner of model space
        for (int i = 0; i < v.length; i++) v[i] = i / 63f;
        m = IntensityMap.choose(float32(v, 8, 8), FIXED, IntensityRange.AUTO, 0);
        assertEquals(0, m.low(), 2e-3);
        assertEquals(1, m.high(), 2e-3);
        assertTrue(m.isEstimated());
    }

    @Test
    void explicitAndModelRangesAreTakenAsGiven() {
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) v[i] = 1000 + i;
        IntensityMap m = IntensityMap.choose(float32(v, 4, 4), FIXED, IntensityRange.parse("900,1100"), 3);
        assertEquals(900, m.low());
        assertEquals(1100, m.high());
        assertTrue(m.description().contains("given"), m.description());
        m = IntensityMap.choose(float32(v, 4, 4), FIXED, IntensityRange.MODEL, 3);
        assertEquals(0, m.low());
        assertEquals(255, m.high());
        ImagePlus eight = new ImagePlus("b", new ByteProcessor(4, 4));
        assertEquals(255, IntensityMap.choose(eight, FIXED, IntensityRange.AUTO, 5).high());
    }

    @Test
    void noisyBackgroundLevelIsFoundNotTheNoisyPercentile() {
        // Half the image background at 1000, half a plateau at 3000, noise σ = 300 (15 % of the
        // span): the noisy 0.1 percentile sits near 1000 - 3.1·300 = 70; the clean range starts at
        // 1000. The blur leaves σ_b = 300·Σk² ≈ 300·0.19 = 56 on the background, whose mean over
        // ~500 correlated pixels has an error of a few units.
        int w = 64, h = 64;
        float[] v = new float[w * h];
        float[] z = new float[w * h];
        new GaussianNoise(3).fill(z);
        for (int i = 0; i < v.length; i++) v[i] = (i % w < w / 2 ? 1000 : 3000) + 300 * z[i];
        IntensityMap m = IntensityMap.choose(float32(v, w, h), FIXED, IntensityRange.AUTO, 300);
        assertTrue(m.isEstimated());
        assertEquals(1000, m.low(), 15, m.description());
        assertEquals(3000, m.high(), 150, m.description());
        assertTrue(m.description().contains("clean signal"), m.description());
    }
}
