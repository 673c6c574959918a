package org.diffusionij.command;

import static org.diffusionij.command.MacroBridge.TINY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;

/** Super-resolve… through the macro bridge with the golden tiny model. */
class SuperResolveTest {

    private final MacroBridge bridge = MacroBridge.shared();

    private ImagePlus superResolve(String options) throws Exception {
        return bridge.result(SuperResolve.class, options);
    }

    /** Largest and mean |average-pool(result) - input| over all planes (gray) or channels (RGB). */
    static double[] poolError(ImagePlus big, ImagePlus small, int scale) {
        double max = 0;
        double sum = 0;
        long n = 0;
        boolean rgb = small.getType() == ImagePlus.COLOR_RGB;
        for (int s = 1; s <= small.getStackSize(); s++) {
            ImageProcessor b = big.getStack().getProcessor(s);
            ImageProcessor l = small.getStack().getProcessor(s);
            for (int shift = rgb ? 16 : 0; shift >= 0; shift -= 8) {
                for (int y = 0; y < l.getHeight(); y++) {
                    for (int x = 0; x < l.getWidth(); x++) {
                        double acc = 0;
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                acc += rgb ? (b.get(x * scale + dx, y * scale + dy) >> shift) & 0xff
                                        : b.getf(x * scale + dx, y * scale + dy);
                            }
                        }
                        double want = rgb ? (l.get(x, y) >> shift) & 0xff : l.getf(x, y);
                        double d = Math.abs(acc / (scale * scale) - want);
                        max = Math.max(max, d);
                        sum += d;
                        n++;
                    }
                }
            }
        }
        return new double[] {max, sum / n};
    }

    /** The dialog and a macro without steps= start from Super-resolve's own default, not the shared 25. */
    @Test
    void stepsDefaultIsSuperResolvesOwn() {
        assertEquals(org.diffusionij.pipeline.SuperResolveOperation.DEFAULT_STEPS, new SuperResolve().steps);
        assertEquals(org.diffusionij.pipeline.DiffusionOptions.STEPS, new ImageToImage().steps);
    }

    @Test
    void doublesTheSizeAndAveragesBackToTheInput() throws Exception {
        ImagePlus in = bridge.show(TestImages.fashion(4, 32, "lowres", 2));
        Object[] before = TestImages.snapshot(in);
        ImagePlus out = superResolve("scale=2 steps=10 seed=1 " + TINY);
        assertEquals(28, out.getWidth());
        assertEquals(28, out.getHeight());
        assertEquals(4, out.getStackSize());
        assertEquals(ImagePlus.GRAY32, out.getType());
        assertEquals("lowres x2", out.getTitle());
        assertEquals(0.25, out.getCalibration().pixelWidth, 0); // 0.5 / 2
        assertEquals(0.25, out.getCalibration().pixelHeight, 0);
        assertEquals("mm", out.getCalibration().getUnit());
        assertTrue(TestImages.unchanged(in, before));
        double[] err = poolError(out, in, 2);
        System.out.printf(Locale.ROOT, "SuperResolveTest: 32-bit x2 pool error max %.2e mean %.2e%n", err[0], err[1]);
        // DDNM makes A(x) = y exactly in model space; the two affine maps around it (values up to
        // 255) add float rounding of order 255 * 1e-7 per pixel.
        assertTrue(err[0] < 1e-3, "max pool error " + err[0]);

        // The result is better than replicating pixels: it is closer to the real 28x28 images.
        ImagePlus truth = TestImages.fashion(4, 32, "truth", 1);
        ImagePlus nearest = in.resize(28, 28, "none");
        double rDiff = TestImages.rmse(out, truth);
        double rNear = TestImages.rmse(nearest, truth);
        System.out.printf(Locale.ROOT, "SuperResolveTest: RMSE vs the real 28x28: replicate %.2f, diffusion %.2f%n",
                rNear, rDiff);
        // measured 32.5 vs 37.4 with the weak tiny model
        assertTrue(rDiff < rNear, "diffusion " + rDiff + " vs replicate " + rNear);
    }

    @Test
    void eightBitAndRgbKeepConsistencyWithinRounding() throws Exception {
        for (int depth : new int[] {8, 24}) {
            bridge.closeAll();
            ImagePlus in = bridge.show(TestImages.fashion(2, depth, "lr" + depth, 2));
            ImagePlus out = superResolve("scale=2 steps=6 seed=2 " + TINY);
            assertEquals(in.getType(), out.getType());
            assertEquals(28, out.getWidth());
            double[] err = poolError(out, in, 2);
            System.out.printf(Locale.ROOT, "SuperResolveTest: %d-bit x2 pool error max %.3f mean %.3f%n", depth,
                    err[0], err[1]);
            // Out-of-range blocks are shifted back keeping their mean (BlockMeans), so only rounding
            // each pixel to an integer is left: it moves a block mean by at most 0.5 (measured 0.25
            // max, 0.05 mean).
            assertTrue(err[0] <= 0.5, "max pool error " + err[0]);
            assertTrue(err[1] < 0.2, "mean pool error " + err[1]);
        }
    }

    @Test
    void fourTimes() throws Exception {
        ImagePlus in = bridge.show(TestImages.fashion(1, 32, "lr4", 4));
        ImagePlus out = superResolve("scale=4 steps=4 " + TINY);
        assertEquals(28, out.getWidth());
        assertEquals(0.125, out.getCalibration().pixelWidth, 0);
        assertTrue(poolError(out, in, 4)[0] < 1e-3);
    }

    @Test
    void otherScalesAreRefused() throws Exception {
        bridge.show(TestImages.fashion(1, 8, "lr", 2));
        String reason = bridge.refusal(SuperResolve.class, "scale=3 " + TINY);
        assertTrue(reason.contains("scale=2 or scale=4"), reason);
    }
}
