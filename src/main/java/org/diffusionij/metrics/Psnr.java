package org.diffusionij.metrics;

/**
 * Peak signal-to-noise ratio, 10·log10(R² / MSE), for a stated data range R (the difference
 * between the largest and smallest value the data can take, e.g. 1 for [0, 1], 255 for 8-bit).
 */
public final class Psnr {

    private Psnr() {
    }

    /**
     * PSNR in dB of {@code restored} against {@code reference} over all elements; +Infinity when
     * they are identical.
     */
    public static double compute(float[] restored, float[] reference, double dataRange) {
        checkSameLength(restored, reference);
        return fromMse(Mse.compute(restored, reference, null), dataRange);
    }

    /**
     * PSNR in dB over the elements where {@code region} is true (e.g. an inpainting hole).
     *
     * @throws IllegalArgumentException if the region is empty or of the wrong length
     */
    public static double compute(float[] restored, float[] reference, boolean[] region, double dataRange) {
        checkSameLength(restored, reference);
        if (region.length != restored.length) {
            throw new IllegalArgumentException("region has " + region.length + " entries but the images have "
                    + restored.length + " pixels");
        }
        return fromMse(Mse.compute(restored, reference, region), dataRange);
    }

    /** 10·log10(R² / mse); +Infinity for mse = 0. */
    public static double fromMse(double mse, double dataRange) {
        if (!(dataRange > 0) || !Double.isFinite(dataRange)) {
            throw new IllegalArgumentException("data range must be a positive finite number, got " + dataRange);
        }
        if (mse == 0) return Double.POSITIVE_INFINITY;
        return 10 * Math.log10(dataRange * dataRange / mse);
    }

    static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("images differ in size: " + a.length + " vs " + b.length + " pixels");
        }
        if (a.length == 0) throw new IllegalArgumentException("images are empty");
    }
}
