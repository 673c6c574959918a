package org.diffusionij.tensor;

/**
 * The one mirror rule of the project: half-sample symmetric border extension
 * (d c b a | a b c d | d c b a, the edge repeated; scipy's 'reflect'), used for padding planes to
 * the network's sizes, for tiles past the image edge, and for filter windows in metrics and baselines.
 */
public final class Mirror {

    private Mirror() {
    }

    /** Maps any index onto 0..n-1 by reflecting about the half-sample borders. */
    public static int index(int i, int n) {
        if (i >= 0 && i < n) return i;
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
