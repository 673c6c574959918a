package org.diffusionij.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every σ a user can type either works or is refused with its own one line. */
class NoiseLevelTest {

    /** Linear schedule: ᾱ₀ = 0.9999, so σ₀ = 0.0100005 model units = 1.27506 image units on 0..255. */
    static final NoiseSchedule LINEAR = NoiseSchedule.linear(1000, 1e-4, 0.02);
    /** Model units per image unit for an 8-bit image mapped 0..255 to -1..1. */
    static final double EIGHT_BIT = 2 / 255.0;

    private static String refusal(Executable e) {
        String m = assertThrows(IllegalArgumentException.class, e).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void emptyOrAutoMeansEstimate() {
        assertEquals(Optional.empty(), NoiseLevel.parse(""));
        assertEquals(Optional.empty(), NoiseLevel.parse(null));
        assertEquals(Optional.empty(), NoiseLevel.parse(" Auto "));
        assertEquals(12.5, NoiseLevel.parse("12.5").orElseThrow().imageUnits());
    }

    @Test
    void nanAndInfinityAreNotNumbersNotNegative() {
        for (String s : new String[] {"NaN", "Infinity", "-Infinity", "abc"}) {
            assertEquals("sigma '" + s + "' is not a number: give the noise level in the image's intensity units "
                    + "(e.g. sigma=12), or leave it empty to estimate it.", refusal(() -> NoiseLevel.parse(s)));
        }
        assertEquals("sigma 'NaN' is not a number: give the noise level in the image's intensity units (e.g. "
                + "sigma=12), or leave it empty to estimate it.", refusal(() -> NoiseLevel.given(Double.NaN)));
    }

    @Test
    void negativeAndZeroHaveTheirOwnLines() {
        assertEquals("sigma is -3 but a noise level cannot be negative: give a value > 0 in the image's intensity "
                + "units, or leave it empty to estimate it.", refusal(() -> NoiseLevel.parse("-3")));
        assertTrue(refusal(() -> NoiseLevel.parse("0")).startsWith("sigma is 0, which says the image has no noise"));
    }

    @Test
    void aTinySigmaNamesTheSmallestUsefulValue() {
        NoiseLevel tiny = NoiseLevel.parse("1e-30").orElseThrow();
        assertEquals("sigma 1e-30 is below the smallest noise level this model removes, 1.28 (image units; the noise "
                + "of its first training step): give sigma of at least 1.28, or use the image as it is.",
                refusal(() -> tiny.toModel(EIGHT_BIT, LINEAR)));
        // The value named works, and so does the task at it (before: "timesteps must be strictly decreasing").
        double model = NoiseLevel.given(1.28).toModel(EIGHT_BIT, LINEAR);
        assertEquals(1.28 * EIGHT_BIT, model, 1e-15);
        float[] y = new float[16];
        float[] out = new DenoiseTask(model, 1).run(new GaussianOracleModel(LINEAR, 0.3, 0.5),
                SamplerSettings.defaults().withSteps(25), y, 1, 4, 4, new GaussianNoise(1), Progress.none(),
                CancelToken.none());
        for (float v : out) assertTrue(Float.isFinite(v));
    }

    @Test
    void aHugeSigmaNamesTheLargest() {
        NoiseLevel huge = NoiseLevel.parse("1e30").orElseThrow();
        String m = refusal(() -> huge.toModel(EIGHT_BIT, LINEAR));
        double largest = NoiseLevel.largestModel(LINEAR) / EIGHT_BIT;   // about 20,000 image units
        assertTrue(largest > 19000 && largest < 21000, "largest " + largest);
        assertEquals("sigma 1e+30 is above the largest noise level this model removes, 20000 (image units; the "
                + "noise of its last training step): give sigma of at most 20000 in the image's intensity units.", m);
        assertEquals(20000 * EIGHT_BIT, NoiseLevel.given(20000).toModel(EIGHT_BIT, LINEAR), 1e-12);
    }

    @Test
    void theLimitsFollowTheImagesIntensityRange() {
        // The same model on a 16-bit image mapped 0..65535: limits scale with the range.
        double sixteenBit = 2 / 65535.0;
        assertTrue(refusal(() -> NoiseLevel.given(300).toModel(sixteenBit, LINEAR))
                .contains("the smallest noise level this model removes, 328 (image units;"));
    }

    @Test
    void anEstimateOfZeroOrBelowTheSmallestLevelSaysTheImageLooksClean() {
        assertEquals("The noise level estimated from 'flat.tif' is 0 (the image looks noise-free or flat): give sigma "
                + "explicitly.", refusal(() -> NoiseLevel.estimated(0, "flat.tif")));
        NoiseLevel low = NoiseLevel.estimated(0.5, "clean.tif");
        assertTrue(low.isEstimated());
        assertEquals("the estimated noise level 0.5 is below the smallest noise level this model removes, 1.28 (image "
                + "units; the noise of its first training step): the image looks noise-free; give sigma explicitly "
                + "if you know it.", refusal(() -> low.toModel(EIGHT_BIT, LINEAR)));
    }
}
