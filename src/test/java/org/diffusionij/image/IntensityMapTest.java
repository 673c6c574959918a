package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.TestModels;
import org.junit.jupiter.api.Test;

class IntensityMapTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 0.02);
    private static final ModelMetadata FIXED = TestModels.metadata(SCHEDULE, 1, 1);

    private static ModelMetadata percentileModel(double lo, double hi) {
        Map<String, String> f = TestModels.contractFields(SCHEDULE, 1, 1);
        f.put("intensity_mapping", "percentile");
        f.put("percentile_low", Double.toString(lo));
        f.put("percentile_high", Double.toString(hi));
        return ModelMetadata.parse(f);
    }

    /** A ramp 0..n-1 over n pixels of the given bit depth. */
    private static ImagePlus ramp(int bitDepth, int n) {
        ImagePlus imp = IJ.createImage("ramp", bitDepth == 24 ? "RGB black" : bitDepth + "-bit black", n, 1, 1);
        ImageProcessor ip = imp.getProcessor();
        for (int i = 0; i < n; i++) {
            if (bitDepth == 32) ip.setf(i, i); else ip.set(i, bitDepth == 24 ? (i << 16) | (i << 8) | i : i);
        }
        return imp;
    }

    @Test
    void eightBitAndRgbUseTheModelsFixedRange() {
        for (int depth : new int[] {8, 24}) {
            IntensityMap m = IntensityMap.forImage(ramp(depth, 101), FIXED);
            assertEquals(0, m.low(), 0);
            assertEquals(255, m.high(), 0);
            assertEquals(-1f, m.toModel(0), 0);
            assertEquals(1f, m.toModel(255), 0);
        }
    }

    @Test
    void sixteenAndThirtyTwoBitUseRobustImagePercentiles() {
        for (int depth : new int[] {16, 32}) {
            // ramp 0..1000: numpy-linear 0.1 and 99.9 percentiles are exactly 1 and 999
            IntensityMap m = IntensityMap.forImage(ramp(depth, 1001), FIXED);
            assertEquals(1, m.low(), 1e-9);
            assertEquals(999, m.high(), 1e-9);
            assertTrue(m.description().contains("percentiles"), m.description());
        }
    }

    @Test
    void percentileModelUsesItsOwnPercentilesForEveryType() {
        ModelMetadata md = percentileModel(1, 99);
        for (int depth : new int[] {8, 16, 32}) {
            IntensityMap m = IntensityMap.forImage(ramp(depth, 201), md);
            assertEquals(2, m.low(), 1e-9, "depth " + depth);
            assertEquals(198, m.high(), 1e-9, "depth " + depth);
        }
    }

    @Test
    void nanIsIgnoredByPercentilesAndMapsToTheMiddle() {
        ImagePlus imp = ramp(32, 1001);
        imp.getProcessor().setf(500, Float.NaN);
        IntensityMap m = IntensityMap.forImage(imp, FIXED);
        assertTrue(Double.isFinite(m.low()) && Double.isFinite(m.high()));
        assertEquals(0f, m.toModel(Double.NaN), 0);
    }

    @Test
    void flatImageGetsAUnitRangeAroundItsValue() {
        ImagePlus imp = IJ.createImage("flat", "32-bit black", 4, 4, 1);
        imp.getProcessor().set(7);
        IntensityMap m = IntensityMap.forImage(imp, FIXED);
        assertEquals(0f, m.toModel(7), 0);
        assertEquals(7, m.toImage(0), 0);
    }

    @Test
    void sigmaConvertsThroughTheSameScale() {
        IntensityMap m = new IntensityMap(0, 255, "t");
        assertEquals(2 * 25.5 / 255, m.sigmaToModel(25.5), 1e-12);
        assertEquals(25.5, m.sigmaToImage(m.sigmaToModel(25.5)), 1e-12);
        // sigma in model units is the spread of mapped values: map two values sigma apart
        assertEquals(m.sigmaToModel(10), m.toModel(110) - m.toModel(100), 1e-6);
    }

    @Test
    void stackPercentilesSpanAllPlanes() {
        ImagePlus imp = IJ.createImage("st", "16-bit black", 10, 10, 2);
        imp.getStack().getProcessor(2).set(1000); // half the values 0, half 1000
        IntensityMap m = IntensityMap.forImage(imp, FIXED);
        assertEquals(0, m.low(), 0);
        assertEquals(1000, m.high(), 0);
    }
}
