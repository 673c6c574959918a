package org.diffusionij.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    private static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);
    private static final NoiseSchedule LINEAR = NoiseSchedule.linear(1000, 1e-4, 0.02);

    private static double f(double t) {
        double c = Math.cos((t / 1000 + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    @Test
    void cosineMatchesItsClosedForm() {
        // Without the β cap the product telescopes: ᾱ_t = f(t+1)/f(0). The cap (β ≤ 0.999) only bites
        // at t = 999, where f(1000) = 0.
        for (int t = 0; t < 999; t++) {
            assertEquals(f(t + 1) / f(0), COSINE.alphaBar(t), 1e-12 * f(t + 1) / f(0) + 1e-17, "t=" + t);
        }
        assertEquals(COSINE.alphaBar(998) * 0.001, COSINE.alphaBar(999), 1e-20);
        // Values printed by training/diffusion_ij_train/schedule.py (repr).
        assertEquals(0.999958715775178, COSINE.alphaBar(0), 1e-15);
        assertEquals(0.49228517244880304, COSINE.alphaBar(500), 1e-14);
        assertEquals(2.4287669070348567e-09, COSINE.alphaBar(999), 1e-21);
    }

    @Test
    void linearMatchesPython() {
        // ᾱ_t = Π(1 - β_i), β linear from 1e-4 to 0.02; numpy's cumprod values. 1000 products in
        // double accumulate at most ~1e-13 relative rounding difference.
        assertEquals(0.9999, LINEAR.alphaBar(0), 1e-15);
        assertEquals(0.9997800920720721, LINEAR.alphaBar(1), 1e-13);
        assertEquals(0.8951415908975365, LINEAR.alphaBar(100), 1e-13);
        assertEquals(0.07779665836502389, LINEAR.alphaBar(500), 1e-14);
        assertEquals(4.035829765375676e-05, LINEAR.alphaBar(999), 1e-16);
    }

    @Test
    void alphaBarIsOneBeforeTheFirstStepAndLogLinearBetweenEntries() {
        assertEquals(1.0, COSINE.alphaBar(-1));
        double a = LINEAR.alphaBar(10), b = LINEAR.alphaBar(11);
        assertEquals(Math.sqrt(a * b), LINEAR.alphaBar(10.5), 1e-15);
        assertEquals(Math.exp(0.75 * Math.log(a) + 0.25 * Math.log(b)), LINEAR.alphaBar(10.25), 1e-15);
    }

    @Test
    void timestepForAlphaBarInvertsAlphaBar() {
        for (NoiseSchedule sch : new NoiseSchedule[] {COSINE, LINEAR}) {
            for (double t = 0; t <= 999; t += 0.37) {
                assertEquals(t, sch.timestepForAlphaBar(sch.alphaBar(t)), 1e-7, "t=" + t);
            }
            assertEquals(0.0, sch.timestepForAlphaBar(1.0));
            assertEquals(999.0, sch.timestepForAlphaBar(1e-30));
        }
        assertThrows(IllegalArgumentException.class, () -> COSINE.timestepForAlphaBar(0));
    }

    @Test
    void brokenTablesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.fromAlphasCumprod(new double[] {0.9}));
        assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.fromAlphasCumprod(new double[] {0.9, 0.95}));
        assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.fromAlphasCumprod(new double[] {0.9, 0.0}));
    }
}
