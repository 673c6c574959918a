package org.diffusionij.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RestorationTest {

    @Test
    void spreadAboutACentreCountsDrawsThatAgreeButMissIt() {
        // Two images of two pixels, K = 2 draws each (image-major). Image 0: both draws at −1 where
        // the centre is −0.99 (a black background), and −1 / +1 around a centre of 0. Image 1: 3 and
        // 5 around 4.
        float[] draws = {-1, -1, -1, 1, 3, 3, 5, 5};
        float[] centre = {-0.99f, 0, 4, 4};
        Restoration r = Restoration.aboutCentre(draws, centre, 2, 2, 2);
        assertArrayEquals(centre, r.mean());
        // rms deviation from the centre, 1/K: 0.01 (the draws' own std would be 0), 1, 1, 1
        assertArrayEquals(new float[] {0.01f, 1, 1, 1}, r.std(), 1e-6f);
        assertEquals(2, r.draws());
        // the draws' own std (K − 1 denominator) for comparison: 0 at the background, √2 elsewhere
        float r2 = (float) Math.sqrt(2);
        Restoration own = Restoration.ofDraws(draws, 2, 2, 2);
        assertArrayEquals(new float[] {0, r2, r2, r2}, own.std(), 1e-6f);
    }
}
