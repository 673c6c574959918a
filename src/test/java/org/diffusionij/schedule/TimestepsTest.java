package org.diffusionij.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lists against training/diffusion_ij_train/schedule.py timesteps() (numpy), printed there. */
class TimestepsTest {

    private static void check(int S, TimestepSpacing spacing, double... expected) {
        assertArrayEquals(expected, Timesteps.make(1000, S, spacing), spacing + " " + S);
    }

    @Test
    void sevenStepsMatchPython() {
        check(7, TimestepSpacing.TRAILING, 999, 856, 713, 570, 428, 285, 142);
        check(7, TimestepSpacing.LINSPACE, 999, 832, 666, 500, 333, 166, 0);
        check(7, TimestepSpacing.LEADING, 852, 710, 568, 426, 284, 142, 0);
    }

    @Test
    void twentyStepsMatchPython() {
        check(20, TimestepSpacing.TRAILING, 999, 949, 899, 849, 799, 749, 699, 649, 599, 549, 499, 449, 399, 349,
                299, 249, 199, 149, 99, 49);
        check(20, TimestepSpacing.LINSPACE, 999, 946, 894, 841, 789, 736, 684, 631, 578, 526, 473, 421, 368, 315,
                263, 210, 158, 105, 53, 0);
        check(20, TimestepSpacing.LEADING, 950, 900, 850, 800, 750, 700, 650, 600, 550, 500, 450, 400, 350, 300,
                250, 200, 150, 100, 50, 0);
    }

    @Test
    void tiesRoundAsNumpyDoes() {
        // numpy computes 13 * (999/26) = 499.4999... and rounds it to 499 (exact 499.5 would give 500).
        double[] ts = Timesteps.make(1000, 27, TimestepSpacing.LINSPACE);
        assertEquals(499, ts[13]);
        // np.round(np.arange(1000, 0, -1000/3)) - 1 = [999, 666, 332].
        check(3, TimestepSpacing.TRAILING, 999, 666, 332);
    }

    @Test
    void everyListHasExactlySStrictlyDecreasingStepsInRange() {
        // numpy's arange(T, 0, -T/S) yields S+1 entries for some S (e.g. 61: the extra one rounds to -1);
        // the list here always has S entries, all valid timesteps.
        for (TimestepSpacing sp : TimestepSpacing.values()) {
            for (int S = 1; S <= 1000; S++) {
                double[] ts = Timesteps.make(1000, S, sp);
                assertEquals(S, ts.length);
                for (int i = 0; i < S; i++) {
                    assertTrue(ts[i] >= 0 && ts[i] <= 999, sp + " " + S);
                    if (i > 0) assertTrue(ts[i] < ts[i - 1], sp + " " + S);
                }
            }
        }
        check(1, TimestepSpacing.TRAILING, 999);
        // The S where numpy's arange(T, 0, -T/S) overshoots to S+1 entries; ours stays at S (Python: same list).
        double[] t61 = Timesteps.make(1000, 61, TimestepSpacing.TRAILING);
        assertEquals(48, t61[58]);
        assertEquals(32, t61[59]);
        assertEquals(15, t61[60]);
        check(1, TimestepSpacing.LINSPACE, 0);
        check(1, TimestepSpacing.LEADING, 0);
    }

    @Test
    void badStepCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timesteps.make(1000, 0, TimestepSpacing.TRAILING));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timesteps.make(1000, 1001, TimestepSpacing.TRAILING));
        assertThrows(IllegalArgumentException.class, () -> Timesteps.startingAt(100, 0));
        assertThrows(IllegalArgumentException.class, () -> Timesteps.startingAt(-1, 10));
    }

    @Test
    void startingAtWalksEvenlyTowardsZero() {
        assertArrayEquals(new double[] {300.5, 200.33333333333334, 100.16666666666667},
                Timesteps.startingAt(300.5, 3), 1e-12);
    }

    @Test
    void spacingParsesNames() {
        assertEquals(TimestepSpacing.TRAILING, TimestepSpacing.parse("Trailing"));
        assertEquals("linspace", TimestepSpacing.LINSPACE.toString());
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.parse("karras"));
    }
}
