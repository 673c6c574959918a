package org.diffusionij.baseline;

import org.diffusionij.tensor.Mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private static final int H = 9, W = 12;

    /** The pattern ((x·7 + y·13) mod 17)/16, shared with the scipy reference script below. */
    private static float[] pattern() {
        float[] a = new float[H * W];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) a[y * W + x] = ((x * 7 + y * 13) % 17) / 16.0f;
        return a;
    }

    /*
     * h, w = 9, 12; y, x = np.mgrid[0:h, 0:w]; a = ((x*7 + y*13) % 17) / 16.0
     * g = scipy.ndimage.gaussian_filter(a, 1.3)         -> g[0,0], g[4,5], g[8,11]
     * m = scipy.ndimage.median_filter(a, size=3, mode='reflect') -> m[0,0], m[4,5], m[8,11]
     * Tolerance 1e-6: the Java output is float32.
     */
    @Test
    void gaussianFilterMatchesScipy() {
        float[] g = GaussianFilter.apply(pattern(), H, W, 1.3);
        assertEquals(0.40795181184387563, g[0], 1e-6);
        assertEquals(0.5225481160224732, g[4 * W + 5], 1e-6);
        assertEquals(0.5797284702952887, g[8 * W + 11], 1e-6);
        assertEquals(Arrays.toString(pattern()), Arrays.toString(GaussianFilter.apply(pattern(), H, W, 0)));
    }

    @Test
    void medianMatchesScipyAndRemovesASaltPixel() {
        float[] m = MedianFilter.apply(pattern(), H, W, 3);
        assertEquals(0.1875f, m[0]);
        assertEquals(0.5625f, m[4 * W + 5]);
        assertEquals(0.6875f, m[8 * W + 11]);
        float[] flat = new float[H * W];
        Arrays.fill(flat, 0.5f);
        float[] salted = flat.clone();
        salted[4 * W + 5] = 1f;
        salted[0] = 1f; // a corner: reflection gives it 4 copies in its own window, still a minority of 9
        assertEquals(Arrays.toString(flat), Arrays.toString(MedianFilter.apply(salted, H, W, 3)));
    }

    @Test
    void nonLocalMeansLimits() {
        float[] a = pattern();
        // Tiny h: only the pixel's own patch (d² = 0) has weight; others underflow to 0 -> identity.
        assertEquals(Arrays.toString(a), Arrays.toString(NonLocalMeans.apply(a, H, W, 1, 2, 1e-6, 0)));
        // Huge h: all weights ~1 -> the mean of the (reflected) 5x5 search window, i.e. a box filter.
        float[] nlm = NonLocalMeans.apply(a, H, W, 1, 2, 1e6, 0);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double s = 0;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        s += a[Mirror.index(y + dy, H) * W
                                + Mirror.index(x + dx, W)];
                    }
                }
                assertEquals(s / 25, nlm[y * W + x], 1e-6, "box mean at " + y + "," + x);
            }
        }
        // The σ offset: patches that differ by less than the noise count as identical (weight 1).
        float[] flat = new float[H * W];
        Arrays.fill(flat, 0.5f);
        flat[4 * W + 5] = 0.6f;
        float[] out = NonLocalMeans.apply(flat, H, W, 0, 1, 1e-3, 0.1);
        assertEquals((8 * 0.5 + 0.6) / 9, out[4 * W + 5], 1e-6); // every |Δ|² = 0.01 <= 2σ² = 0.02
    }

    @Test
    void upsamplingReproducesWhatItShould() {
        // Average-pooling a linear ramp by f gives the ramp sampled at block centres, so bicubic
        // with centre alignment recovers the ramp exactly away from the 2 border input pixels.
        int f = 2, h = 8, w = 10;
        float[] small = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) small[y * w + x] = ramp(f * y + 0.5 * (f - 1), f * x + 0.5 * (f - 1));
        float[] up = Upsample.bicubic(small, h, w, f);
        int ow = w * f;
        for (int y = 2 * f; y < (h - 2) * f; y++) {
            for (int x = 2 * f; x < (w - 2) * f; x++) assertEquals(ramp(y, x), up[y * ow + x], 1e-5, "at " + y + "," + x);
        }
        float[] near = Upsample.nearest(small, h, w, f);
        for (int y = 0; y < h * f; y++) for (int x = 0; x < ow; x++) assertEquals(small[(y / f) * w + x / f], near[y * ow + x]);
        // Keys kernel: interpolating at integer positions returns the samples; weights sum to 1.
        assertEquals(1.0, Upsample.keys(0), 0);
        assertEquals(0.0, Upsample.keys(1), 1e-15);
        assertEquals(1.0, Upsample.keys(-1.3) + Upsample.keys(-0.3) + Upsample.keys(0.7) + Upsample.keys(1.7), 1e-15);
    }

    private static float ramp(double y, double x) {
        return (float) (0.1 + 0.03 * x - 0.02 * y);
    }

    @Test
    void harmonicFillIsExactOnLinearRamps() {
        int h = 16, w = 16;
        float[] img = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = ramp(y, x);
        boolean[] box = new boolean[h * w];
        for (int y = 4; y < 11; y++) for (int x = 3; x < 12; x++) box[y * w + x] = true;
        float[] damaged = img.clone();
        for (int i = 0; i < box.length; i++) if (box[i]) damaged[i] = 7f;
        float[] filled = HarmonicFill.fill(damaged, h, w, box);
        for (int i = 0; i < img.length; i++) assertEquals(img[i], filled[i], 1e-6, "pixel " + i);

        // A hole spanning full columns touches the top and bottom borders: with no flux across them
        // a ramp in x only is still the exact solution.
        float[] xr = new float[h * w];
        boolean[] band = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                xr[y * w + x] = 0.05f * x;
                band[y * w + x] = x >= 5 && x < 11;
            }
        }
        float[] out = HarmonicFill.fill(xr, h, w, band);
        for (int i = 0; i < xr.length; i++) assertEquals(xr[i], out[i], 1e-6, "pixel " + i);
    }

    @Test
    void biharmonicFillIsExactOnCubicsWhereHarmonicFillIsNot() {
        // Δ² of a cubic is 0 for the discrete stencil too (Δ of a cubic is linear, Δ of that 0), so
        // the biharmonic fill of a hole at least 2 pixels from the border gives the cubic back.
        int h = 16, w = 16;
        float[] img = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x - 7.5) / 8, v = (y - 7.5) / 8;
                img[y * w + x] = (float) (0.5 + 0.2 * u * u * u - 0.3 * u * v * v + 0.1 * v * v + 0.05 * u);
            }
        }
        boolean[] box = new boolean[h * w];
        for (int y = 4; y < 11; y++) for (int x = 3; x < 12; x++) box[y * w + x] = true;
        float[] damaged = img.clone();
        for (int i = 0; i < box.length; i++) if (box[i]) damaged[i] = 7f;
        float[] filled = BiharmonicFill.fill(damaged, h, w, box);
        for (int i = 0; i < img.length; i++) assertEquals(img[i], filled[i], 1e-5, "pixel " + i);
        float[] harmonic = HarmonicFill.fill(damaged, h, w, box);
        double worst = 0;
        for (int i = 0; i < img.length; i++) worst = Math.max(worst, Math.abs(harmonic[i] - img[i]));
        assertTrue(worst > 1e-3, "harmonic fill misses the cubic's curvature: " + worst);
    }

    @Test
    void badInputIsRefused() {
        boolean[] all = new boolean[4];
        Arrays.fill(all, true);
        assertThrows(IllegalArgumentException.class, () -> HarmonicFill.fill(new float[4], 2, 2, all));
        assertThrows(IllegalArgumentException.class, () -> BiharmonicFill.fill(new float[4], 2, 2, all));
        assertThrows(IllegalArgumentException.class, () -> MedianFilter.apply(new float[4], 2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> GaussianFilter.apply(new float[4], 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Upsample.bicubic(new float[4], 2, 2, 0));
    }
}
