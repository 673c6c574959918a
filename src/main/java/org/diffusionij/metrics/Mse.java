package org.diffusionij.metrics;

/** Mean squared error, accumulated in double. */
public final class Mse {

    private Mse() {
    }

    /**
     * Mean of (a - b)² over all elements, or over those where {@code region} is true when it is
     * not null.
     *
     * @throws IllegalArgumentException if the region selects nothing
     */
    public static double compute(float[] a, float[] b, boolean[] region) {
        Psnr.checkSameLength(a, b);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            if (region != null && !region[i]) continue;
            double d = (double) a[i] - b[i];
            sum += d * d;
            count++;
        }
        if (count == 0) throw new IllegalArgumentException("the region selects no pixels");
        return sum / count;
    }
}
