package org.diffusionij.metrics;

/** Half-sample symmetric border extension (d c b a | a b c d | d c b a), scipy's 'reflect'. */
public final class Reflect {

    private Reflect() {
    }

    /** Maps any index onto 0..n-1 by reflecting about the half-sample borders. */
    public static int index(int i, int n) {
        if (i >= 0 && i < n) return i;
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
