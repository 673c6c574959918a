package org.diffusionij.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import org.diffusionij.pipeline.DefaultModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.module.Module;

/**
 * Outputs land where an ImageJ 1.x filter leaves its own (batch mode, as headless Fiji runs a
 * macro): the result image is the caller's current image and a registered batch-mode image; Model
 * info fills the Results table. The Fiji suite (src/test/fiji) checks the same in the real runtime.
 */
class ImageJ1OutputsTest {

    private MacroBridge bridge;

    @BeforeEach
    void start() {
        bridge = MacroBridge.shared();
    }

    @Test
    void theResultIsTheCurrentImageAndRegistered() throws Exception {
        ImagePlus noisy = bridge.show(TestImages.noisy(TestImages.fashion(2, 8, "clean", 2), 40, 3, "noisy"));
        Module m = bridge.run(Denoise.class, "sigma=40 steps=2 " + MacroBridge.TINY);
        assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
        ImagePlus result = (ImagePlus) m.getOutput("result");
        assertNotNull(result);
        assertSame(result, WindowManager.getCurrentImage(), "saveAs and getTitle() would act on the input");
        int[] ids = Interpreter.getBatchModeImageIDs();
        assertTrue(Arrays.stream(ids).anyMatch(id -> id == result.getID()), "nImages / selectImage miss it");
        assertTrue(Arrays.stream(ids).anyMatch(id -> id == noisy.getID()), "the input stays open");
    }

    @Test
    void modelInfoFillsTheResultsTable() throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, "target/model-cache"); // as ModelInfoTest: not in ~
        Module m = bridge.run(ModelInfo.class, "device=cpu");
        assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
        assertSame(m.getOutput("info"), ResultsTable.getResultsTable(), "nResults / getResultString miss it");
    }
}
