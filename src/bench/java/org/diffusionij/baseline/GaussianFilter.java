package org.diffusionij.baseline;

import org.diffusionij.tensor.Mirror;

/**
 * Gaussian smoothing of one plane: separable, kernel truncated at 4σ, half-sample reflection at
 * the borders (scipy.ndimage.gaussian_filter's defaults).
 */
public final class GaussianFilter {

    private GaussianFilter() {
    }

    /** A new plane: {@code plane} (h x w, row-major; not modified) blurred with standard deviation sigma pixels. */
    public static float[] apply(float[] plane, int h, int w, double sigma) {
        Planes.check(plane, h, w);
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number >= 0, got " + sigma);
        }
        if (sigma == 0) return plane.clone();
        int r = (int) (4 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        double[] tmp = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) s += k[i + r] * plane[y * w + Mirror.index(x + i, w)];
                tmp[y * w + x] = s;
            }
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) s += k[i + r] * tmp[Mirror.index(y + i, h) * w + x];
                out[y * w + x] = (float) s;
            }
        }
        return out;
    }
}
