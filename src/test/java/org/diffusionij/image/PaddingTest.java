package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PaddingTest {

    @Test
    void targetIsTheNextMultipleNotBelowTheMinimum() {
        assertEquals(32, Padding.target(28, 8, 1));
        assertEquals(32, Padding.target(32, 8, 1));
        assertEquals(8, Padding.target(3, 8, 8));
        assertEquals(16, Padding.target(3, 8, 16));
        assertEquals(7, Padding.target(7, 1, 1));
    }

    @Test
    void targetNearTheLargestIntDoesNotOverflow() {
        // Before: (size + multiple - 1) overflowed to a negative size ("try -2147483644x...").
        assertEquals(Integer.MAX_VALUE - 15, Padding.target(Integer.MAX_VALUE - 20, 8, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Padding.target(Integer.MAX_VALUE, 8, 1));
        assertEquals("size 2147483647 rounded up to a multiple of 8 is 2147483648, larger than any image can be; use a "
                + "smaller size", e.getMessage());
    }

    @Test
    void paddingToAHugeSizeIsRefusedNotANegativeArraySize() {
        ImageBatch b = new ImageBatch(1, 28, 28, List.of(new float[28 * 28]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Padding.pad(b, 1000000, 1000000));
        assertEquals("padding 28x28 to 1000000x1000000 (1 channel(s)) makes a sample too large for one array; use a "
                + "smaller image or a model with a smaller size_multiple", e.getMessage());
    }

    @Test
    void padMirrorsRightAndBottomAndCropUndoesIt() {
        // 2 channels, 2x3: channel values 0..5 and 10..15
        float[] s = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15};
        ImageBatch b = new ImageBatch(2, 2, 3, List.of(s));
        assertFalse(Padding.fits(b, 4, 1));
        ImageBatch p = Padding.pad(b, 4, 4);
        float[] d = p.sample(0);
        // row 0: 0 1 2 | 2 ; row 1: 3 4 5 | 5 ; row 2 mirrors row 1, row 3 mirrors row 0
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4, 5, 5, 3, 4, 5, 5, 0, 1, 2, 2}, java.util.Arrays.copyOf(d, 16));
        assertEquals(15f, d[16 + 7], 0); // second channel, row 1, padded column
        assertTrue(Padding.fits(p, 4, 1));
        assertArrayEquals(s, Padding.crop(p, 2, 3).sample(0));
    }

    @Test
    void padFarBeyondTheSampleRepeatsTheReflection() {
        ImageBatch b = new ImageBatch(1, 1, 2, List.of(new float[] {7, 9}));
        ImageBatch p = Padding.pad(b, 3, 7);
        assertArrayEquals(new float[] {7, 9, 9, 7, 7, 9, 9}, java.util.Arrays.copyOf(p.sample(0), 7));
        assertArrayEquals(new float[] {7, 9, 9, 7, 7, 9, 9}, java.util.Arrays.copyOfRange(p.sample(0), 14, 21));
    }

    @Test
    void nothingToDoReturnsTheSameBatch() {
        ImageBatch b = new ImageBatch(1, 2, 2, List.of(new float[4]));
        assertSame(b, Padding.pad(b, 2, 2));
        assertSame(b, Padding.crop(b, 2, 2));
    }
}
