package org.diffusionij.metrics;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PsnrSsimTest {

    private static final int H = 16, W = 20;

    /*
     * Reference values from scikit-image 0.19.3 (float64 on the float32-rounded inputs):
     *
     *   import numpy as np
     *   from skimage.metrics import structural_similarity, peak_signal_noise_ratio
     *   h, w = 16, 20
     *   y, x = np.mgrid[0:h, 0:w]
     *   a = ((x * 7 + y * 13) % 17) / 16.0
     *   b = ((x * 5 + y * 3 + (x * y) % 7) % 19) / 18.0
     *   c = a + 0.05 * ((x + 2 * y) % 3 - 1)
     *   for p, q, r in ((a, b, 1.0), (a, c, 1.0), (a * 255, c * 255, 255.0)):
     *       p = p.astype(np.float32).astype(np.float64); q = q.astype(np.float32).astype(np.float64)
     *       s, S = structural_similarity(p, q, gaussian_weights=True, sigma=1.5,
     *                                    use_sample_covariance=False, data_range=r, full=True)
     *       print(s, S[0, 0], S[7, 9], peak_signal_noise_ratio(q, p, data_range=r))
     *
     * Tolerance 1e-9: both sides compute in double from the same float inputs; only summation
     * order differs.
     */
    private static final double[][] EXPECTED = {
            {0.14317827399218305, 0.44674505537301806, 0.09686021371142622, 7.683977710163587},
            {0.9911782833311268, 0.9929949790184855, 0.9911106461340821, 27.78830256117792},
            {0.9911782856198664, 0.9929949793522542, 0.9911106479677291, 27.78830366209131},
    };

    private static float[] image(int which, double scale) {
        float[] out = new float[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double a = ((x * 7 + y * 13) % 17) / 16.0;
                double v;
                if (which == 0) v = a;
                else if (which == 1) v = ((x * 5 + y * 3 + (x * y) % 7) % 19) / 18.0;
                else v = a + 0.05 * ((x + 2 * y) % 3 - 1);
                out[y * W + x] = (float) (v * scale);
            }
        }
        return out;
    }

    @Test
    void ssimAndPsnrMatchScikitImage() {
        float[][][] pairs = {
                {image(0, 1), image(1, 1)},
                {image(0, 1), image(2, 1)},
                {image(0, 255), image(2, 255)},
        };
        double[] ranges = {1, 1, 255};
        for (int k = 0; k < 3; k++) {
            float[] p = pairs[k][0], q = pairs[k][1];
            double[] map = Ssim.map(p, q, H, W, ranges[k]);
            assertEquals(EXPECTED[k][0], Ssim.mean(p, q, H, W, ranges[k]), 1e-9, "mean SSIM, case " + k);
            assertEquals(EXPECTED[k][1], map[0], 1e-9, "SSIM map at (0,0), case " + k);
            assertEquals(EXPECTED[k][2], map[7 * W + 9], 1e-9, "SSIM map at (7,9), case " + k);
            assertEquals(EXPECTED[k][3], Psnr.compute(q, p, ranges[k]), 1e-9, "PSNR, case " + k);
        }
    }

    @Test
    void psnrOfAConstantOffsetIsHandComputable() {
        // MSE = 0.1² = 0.01 -> 10·log10(1 / 0.01) = 20 dB; with range 2: 10·log10(4 / 0.01) = 26.0206 dB.
        float[] a = new float[100];
        float[] b = new float[100];
        java.util.Arrays.fill(b, 0.1f);
        assertEquals(20.0, Psnr.compute(a, b, 1.0), 1e-6); // 0.1f is 0.1 to 1.5e-9
        assertEquals(10 * Math.log10(400), Psnr.compute(a, b, 2.0), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.compute(a, a.clone(), 1.0));
    }

    @Test
    void psnrOverARegionCountsOnlyThatRegion() {
        float[] a = new float[4];
        float[] b = {0, 0, 0.5f, 0.5f};
        boolean[] hole = {false, false, true, false};
        // Inside the hole MSE = 0.25 -> 10·log10(4) dB.
        assertEquals(10 * Math.log10(4), Psnr.compute(a, b, hole, 1.0), 1e-12);
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        float[] a = image(1, 1);
        assertEquals(1.0, Ssim.mean(a, a.clone(), H, W, 1.0), 1e-12);
        boolean[] region = new boolean[H * W];
        region[3] = true;
        assertEquals(1.0, Ssim.meanOver(a, a.clone(), H, W, 1.0, region), 1e-12);
    }

    @Test
    void ssimRegionMeanAveragesTheMap() {
        float[] p = image(0, 1), q = image(1, 1);
        double[] map = Ssim.map(p, q, H, W, 1.0);
        boolean[] region = new boolean[H * W];
        region[0] = true;
        region[7 * W + 9] = true;
        assertEquals((map[0] + map[7 * W + 9]) / 2, Ssim.meanOver(p, q, H, W, 1.0, region), 1e-15);
    }

    @Test
    void badInputsAreRefusedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.compute(new float[3], new float[4], 1));
        assertThrows(IllegalArgumentException.class, () -> Psnr.compute(new float[3], new float[3], 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ssim.mean(new float[100], new float[100], 10, 10, 1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("11x11"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Psnr.compute(new float[2], new float[2], new boolean[2], 1));
    }
}
