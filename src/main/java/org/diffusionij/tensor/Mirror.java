package org.diffusionij.tensor;

/**
 * The project's mirror rules for indices past an edge. {@link #index}, half-sample symmetric
 * (d c b a | a b c d | d c b a, the edge repeated; scipy's 'reflect'), is the one used for padding
 * planes to the network's sizes, for tiles past the image edge, and for filter windows in metrics
 * and baselines. {@link #wholeSample} (the edge not repeated; scipy's 'mirror') serves only the
 * background blur of the auto intensity range ({@code image.CleanRange}), whose levels, and so
 * every auto-range result, were measured with it.
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

    /** Maps any index onto 0..n-1 by reflecting about the edge samples (…2 1 | 0 1 2 … n-1 | n-2 …). */
    public static int wholeSample(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
