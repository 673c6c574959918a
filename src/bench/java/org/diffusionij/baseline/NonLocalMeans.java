package org.diffusionij.baseline;

import org.diffusionij.tensor.Mirror;

/**
 * Non-local means (Buades, Coll and Morel 2005): each pixel becomes a weighted mean of the pixels
 * in a search window, weighted by how similar their surrounding patches are,
 * w = exp(−max(d² − 2σ², 0) / h²), with d² the mean squared difference of the two patches and σ
 * the noise standard deviation (the noise-aware form of Buades et al. 2011). Borders reflect.
 */
public final class NonLocalMeans {

    private NonLocalMeans() {
    }

    /**
     * A new plane: {@code plane} (h x w, row-major; not modified) denoised.
     *
     * @param patchRadius  patches are (2·patchRadius+1)² pixels
     * @param searchRadius candidates lie within (2·searchRadius+1)² pixels
     * @param filterH      filter strength h, in data units (typically a multiple of σ)
     * @param sigma        noise standard deviation, in data units (0 gives the original 2005 weights)
     */
    public static float[] apply(float[] plane, int h, int w, int patchRadius, int searchRadius,
                                double filterH, double sigma) {
        Planes.check(plane, h, w);
        if (patchRadius < 0 || searchRadius < 0) {
            throw new IllegalArgumentException("patch and search radii must be >= 0, got " + patchRadius + ", " + searchRadius);
        }
        if (!(filterH > 0) || !(sigma >= 0)) {
            throw new IllegalArgumentException("filter strength must be > 0 and sigma >= 0, got h=" + filterH + ", sigma=" + sigma);
        }
        // Pad once by reflection so the inner loops need no border logic.
        int pad = patchRadius + searchRadius;
        int pw = w + 2 * pad, ph = h + 2 * pad;
        float[] p = new float[ph * pw];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) p[y * pw + x] = plane[Mirror.index(y - pad, h) * w + Mirror.index(x - pad, w)];
        }
        int patchPixels = (2 * patchRadius + 1) * (2 * patchRadius + 1);
        double offset = 2 * sigma * sigma;
        double invH2 = 1 / (filterH * filterH);
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cy = y + pad, cx = x + pad;
                double wsum = 0, vsum = 0;
                for (int sy = -searchRadius; sy <= searchRadius; sy++) {
                    for (int sx = -searchRadius; sx <= searchRadius; sx++) {
                        double d2 = 0;
                        for (int py = -patchRadius; py <= patchRadius; py++) {
                            int a = (cy + py) * pw + cx, b = (cy + sy + py) * pw + cx + sx;
                            for (int px = -patchRadius; px <= patchRadius; px++) {
                                double d = p[a + px] - p[b + px];
                                d2 += d * d;
                            }
                        }
                        d2 /= patchPixels;
                        double weight = Math.exp(-Math.max(d2 - offset, 0) * invH2);
                        wsum += weight;
                        vsum += weight * p[(cy + sy) * pw + cx + sx];
                    }
                }
                out[y * w + x] = (float) (vsum / wsum);
            }
        }
        return out;
    }
}
