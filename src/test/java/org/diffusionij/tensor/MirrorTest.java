package org.diffusionij.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MirrorTest {

    @Test
    void wholeSampleDoesNotRepeatTheEdge() {
        // c b | a b c d | c b a b for n = 4 (period 6), from i = -2 to 7
        int[] expected = {2, 1, 0, 1, 2, 3, 2, 1, 0, 1};
        for (int i = -2; i < 8; i++) assertEquals(expected[i + 2], Mirror.wholeSample(i, 4), "index " + i);
        for (int i = -3; i < 4; i++) assertEquals(0, Mirror.wholeSample(i, 1), "one sample: always itself");
    }

    @Test
    void halfSampleRepeatsTheEdge() {
        // d c b a | a b c d | d c b a for n = 4
        int[] expected = {3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0};
        for (int i = -4; i < 8; i++) assertEquals(expected[i + 4], Mirror.index(i, 4), "index " + i);
    }
}
