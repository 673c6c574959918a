package org.diffusionij.command;

import static org.diffusionij.command.MacroBridge.TINY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;

/** Image to image… through the macro bridge with the golden tiny model. */
class ImageToImageTest {

    private final MacroBridge bridge = MacroBridge.shared();

    private ImagePlus run(String options) throws Exception {
        return bridge.result(ImageToImage.class, options);
    }

    @Test
    void strengthSetsHowFarTheResultMovesFromTheInput() throws Exception {
        ImagePlus in = bridge.show(TestImages.fashion(8, 8, "dress", 2));
        Object[] before = TestImages.snapshot(in);
        ImagePlus weak = run("strength=0.3 steps=10 seed=4 " + TINY);
        ImagePlus strong = run("strength=1 steps=10 seed=4 " + TINY);
        double dWeak = TestImages.rmse(weak, in);
        double dStrong = TestImages.rmse(strong, in);
        System.out.printf(Locale.ROOT, "ImageToImageTest: RMSE from the input: strength 0.3 %.2f, strength 1 %.2f%n",
                dWeak, dStrong);
        assertTrue(dWeak > 0.5, "strength 0.3 changed nothing");
        assertTrue(dWeak < dStrong, "strength 0.3 moved further than strength 1");
        assertEquals("dress img2img", weak.getTitle());
        assertEquals(ImagePlus.GRAY8, weak.getType());
        assertEquals(8, weak.getStackSize());
        assertEquals(0.5, weak.getCalibration().pixelWidth, 0);
        assertTrue(TestImages.unchanged(in, before));
    }

    @Test
    void strengthZeroKeepsTheImage() throws Exception {
        ImagePlus in = bridge.show(TestImages.fashion(2, 16, "bag", 2));
        ImagePlus out = run("strength=0 " + TINY);
        assertTrue(TestImages.unchanged(out, TestImages.snapshot(in)));
    }

    @Test
    void strengthOutsideZeroToOneIsRefused() throws Exception {
        bridge.show(TestImages.fashion(1, 8, "x", 2));
        String reason = bridge.refusal(ImageToImage.class, "strength=1.5 " + TINY);
        assertTrue(reason.contains("0..1"), reason);
    }
}
