package org.diffusionij.metrics;

import org.diffusionij.tensor.Mirror;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) with the standard Gaussian
 * window: σ = 1.5 truncated at 3.5σ (11×11), K1 = 0.01, K2 = 0.03, population (co)variances.
 * Borders are handled by half-sample reflection and the mean excludes a 5-pixel strip at the
 * edges, so {@link #mean} equals scikit-image's
 * {@code structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=R)}.
 */
public final class Ssim {

    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    public static final double SIGMA = 1.5;
    /** Window radius: int(3.5·σ + 0.5), as scipy's gaussian_filter truncates. */
    public static final int RADIUS = 5;

    private static final double[] WINDOW = gaussianWindow();

    private Ssim() {
    }

    /** Mean SSIM of one plane of {@code h x w}, excluding the {@link #RADIUS}-pixel border strip. */
    public static double mean(float[] a, float[] b, int h, int w, double dataRange) {
        double[] map = map(a, b, h, w, dataRange);
        double sum = 0;
        for (int y = RADIUS; y < h - RADIUS; y++) {
            for (int x = RADIUS; x < w - RADIUS; x++) sum += map[y * w + x];
        }
        return sum / ((double) (h - 2 * RADIUS) * (w - 2 * RADIUS));
    }

    /**
     * Mean of the SSIM map over the pixels where {@code region} is true (borders included), e.g.
     * SSIM inside an inpainting hole.
     */
    public static double meanOver(float[] a, float[] b, int h, int w, double dataRange, boolean[] region) {
        if (region.length != h * w) {
            throw new IllegalArgumentException("region has " + region.length + " entries, expected " + h * w);
        }
        double[] map = map(a, b, h, w, dataRange);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < map.length; i++) {
            if (region[i]) {
                sum += map[i];
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("the region selects no pixels");
        return sum / n;
    }

    /** The local SSIM value at every pixel of one plane (row-major, h x w). */
    public static double[] map(float[] a, float[] b, int h, int w, double dataRange) {
        Psnr.checkSameLength(a, b);
        if (a.length != h * w) {
            throw new IllegalArgumentException("plane of " + h + "x" + w + " needs " + h * w + " pixels, got " + a.length);
        }
        if (h < 2 * RADIUS + 1 || w < 2 * RADIUS + 1) {
            throw new IllegalArgumentException("SSIM needs images of at least " + (2 * RADIUS + 1) + "x"
                    + (2 * RADIUS + 1) + " pixels (the Gaussian window), got " + h + "x" + w);
        }
        if (!(dataRange > 0) || !Double.isFinite(dataRange)) {
            throw new IllegalArgumentException("data range must be a positive finite number, got " + dataRange);
        }
        int n = h * w;
        double[] x = new double[n], y = new double[n], xx = new double[n], yy = new double[n], xy = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i];
            y[i] = b[i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] ux = blur(x, h, w), uy = blur(y, h, w);
        double[] uxx = blur(xx, h, w), uyy = blur(yy, h, w), uxy = blur(xy, h, w);
        double c1 = (K1 * dataRange) * (K1 * dataRange);
        double c2 = (K2 * dataRange) * (K2 * dataRange);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double vx = uxx[i] - ux[i] * ux[i];
            double vy = uyy[i] - uy[i] * uy[i];
            double vxy = uxy[i] - ux[i] * uy[i];
            s[i] = (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)
                    / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
        }
        return s;
    }

    /** Separable Gaussian blur with half-sample reflection at the borders (scipy's 'reflect'). */
    private static double[] blur(double[] in, int h, int w) {
        double[] tmp = new double[in.length];
        double[] out = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) s += WINDOW[k + RADIUS] * in[y * w + Mirror.index(x + k, w)];
                tmp[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) s += WINDOW[k + RADIUS] * tmp[Mirror.index(y + k, h) * w + x];
                out[y * w + x] = s;
            }
        }
        return out;
    }

    private static double[] gaussianWindow() {
        double[] g = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
            g[k + RADIUS] = Math.exp(-0.5 * k * k / (SIGMA * SIGMA));
            sum += g[k + RADIUS];
        }
        for (int i = 0; i < g.length; i++) g[i] /= sum;
        return g;
    }
}
