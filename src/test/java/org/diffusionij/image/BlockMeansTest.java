package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BlockMeansTest {

    @Test
    void outOfRangeBlocksAreShiftedToTheirMeanWithinRange() {
        // one plane, 1x2 low-res, scale 2: block 0 dips below 0 with mean 5, block 1 is in range
        float[] low = {5, 100};
        float[] high = {-15, 15, 100, 100, 5, 15, 90, 110};
        float[] blockTwo = {100, 100, 90, 110};
        BlockMeans.fitWithin(high, low, 1, 1, 2, 2, 0, 255);
        float[] b0 = {high[0], high[1], high[4], high[5]};
        for (float v : b0) assertTrue(v >= 0 && v <= 255, "value " + v);
        assertEquals(5, (b0[0] + b0[1] + b0[2] + b0[3]) / 4, 1e-4);
        assertEquals(0, b0[0], 0); // the dip is clamped
        assertArrayEquals(blockTwo, new float[] {high[2], high[3], high[6], high[7]}); // untouched
    }

    @Test
    void randomBlocksAllEndInRangeWithTheRightMean() {
        Random r = new Random(3);
        int h = 6, w = 5, s = 4, planes = 2;
        float[] low = new float[planes * h * w];
        float[] high = new float[low.length * s * s];
        for (int i = 0; i < low.length; i++) low[i] = r.nextFloat() * 255;
        for (int i = 0; i < high.length; i++) high[i] = (float) (r.nextGaussian() * 200 + 128);
        BlockMeans.fitWithin(high, low, planes, h, w, s, 0, 255);
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = 0; dy < s; dy++) {
                        for (int dx = 0; dx < s; dx++) {
                            float v = high[p * h * w * s * s + (y * s + dy) * w * s + x * s + dx];
                            assertTrue(v >= 0 && v <= 255);
                            sum += v;
                        }
                    }
                    assertEquals(low[p * h * w + y * w + x], sum / (s * s), 1e-3);
                }
            }
        }
    }
}
