package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import org.junit.jupiter.api.Test;

class FillMaskTest {

    @Test
    void rectangleSelectionMarksItsPixels() {
        ImagePlus imp = IJ.createImage("img", "8-bit black", 10, 8, 1);
        imp.setRoi(new Roi(2, 3, 4, 2));
        FillMask m = FillMask.fromSelection(imp);
        assertEquals(8, m.fillCount());
        assertTrue(m.isFill(3 * 10 + 2));
        assertTrue(m.isFill(4 * 10 + 5));
        assertFalse(m.isFill(3 * 10 + 6));
        assertFalse(m.isFill(0));
    }

    @Test
    void ovalSelectionIsFilledAsItsShape() {
        ImagePlus imp = IJ.createImage("img", "8-bit black", 20, 20, 1);
        imp.setRoi(new OvalRoi(5, 5, 10, 10));
        FillMask m = FillMask.fromSelection(imp);
        assertTrue(m.isFill(10 * 20 + 10));
        assertFalse(m.isFill(5 * 20 + 5)); // bounding-box corner is outside the oval
        assertTrue(m.fillCount() > 60 && m.fillCount() < 100, "area " + m.fillCount());
    }

    @Test
    void maskImageNonZeroPixelsMarkTheRegion() {
        ImagePlus img = IJ.createImage("img", "16-bit black", 5, 5, 3);
        ImagePlus mask = IJ.createImage("my mask", "8-bit black", 5, 5, 1);
        mask.getProcessor().set(7, 255);
        mask.getProcessor().set(8, 1);
        FillMask m = FillMask.fromImage(mask, img);
        assertEquals(2, m.fillCount());
        assertTrue(m.isFill(7) && m.isFill(8));
    }

    @Test
    void badRegionsAreClearErrors() {
        ImagePlus img = IJ.createImage("img", "8-bit black", 5, 5, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromSelection(img));
        assertTrue(e.getMessage().contains("no selection"), e.getMessage());

        img.setRoi(new Line(0, 0, 4, 4));
        e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromSelection(img));
        assertTrue(e.getMessage().contains("not an area"), e.getMessage());

        ImagePlus empty = IJ.createImage("empty", "8-bit black", 5, 5, 1);
        e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromImage(empty, img));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());

        ImagePlus full = IJ.createImage("full", "8-bit white", 5, 5, 1);
        e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromImage(full, img));
        assertTrue(e.getMessage().contains("whole image"), e.getMessage());

        ImagePlus wrong = IJ.createImage("wrong", "8-bit white", 6, 5, 1);
        e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromImage(wrong, img));
        assertTrue(e.getMessage().contains("6x5") && e.getMessage().contains("5x5"), e.getMessage());

        ImagePlus stack = IJ.createImage("stack", "8-bit white", 5, 5, 2);
        e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromImage(stack, img));
        assertTrue(e.getMessage().contains("single-plane"), e.getMessage());
    }

    @Test
    void restoreKnownPutsBackExactInputValues() {
        ImagePlus in = IJ.createImage("in", "32-bit ramp", 6, 4, 2);
        ImagePlus out = IJ.createImage("out", "32-bit black", 6, 4, 2);
        out.getStack().getProcessor(1).set(-5);
        out.getStack().getProcessor(2).set(-5);
        in.setRoi(new Roi(1, 1, 2, 2));
        FillMask m = FillMask.fromSelection(in);
        m.restoreKnown(in, out);
        for (int s = 1; s <= 2; s++) {
            for (int i = 0; i < 24; i++) {
                float expected = m.isFill(i) ? -5f : in.getStack().getProcessor(s).getf(i);
                assertEquals(expected, out.getStack().getProcessor(s).getf(i), 0);
            }
        }
    }

    @Test
    void maskStackGivesEachImagePlaneItsOwnRegion() {
        // 3-slice image, 3-plane mask: slice k fills column k only (slice 3: nothing to fill).
        ImagePlus img = IJ.createImage("img", "32-bit ramp", 4, 3, 3);
        ImagePlus mask = IJ.createImage("m", "8-bit black", 4, 3, 3);
        for (int s = 1; s <= 2; s++) {
            for (int y = 0; y < 3; y++) mask.getStack().getProcessor(s).set(s - 1, y, 255);
        }
        FillMask m = FillMask.fromImage(mask, img);
        assertEquals(3, m.planes());
        assertEquals(6, m.fillCount());
        ImageBatch b = m.forSamples(img, ChannelLayout.GRAY_PLANES, 1, 3);   // slices 2 and 3
        assertEquals(2, b.size());
        for (int p = 0; p < 12; p++) {
            assertEquals(p % 4 == 1 ? 1f : 0f, b.sample(0)[p], 0, "slice 2, pixel " + p);
            assertEquals(0f, b.sample(1)[p], 0, "slice 3, pixel " + p);
        }
        ImagePlus out = IJ.createImage("out", "32-bit black", 4, 3, 3);
        for (int s = 1; s <= 3; s++) out.getStack().getProcessor(s).set(-5);
        m.restoreKnown(img, out);
        for (int s = 1; s <= 3; s++) {
            for (int i = 0; i < 12; i++) {
                float expected = m.isFill(s - 1, i) ? -5f : img.getStack().getProcessor(s).getf(i);
                assertEquals(expected, out.getStack().getProcessor(s).getf(i), 0, "slice " + s + " pixel " + i);
            }
        }
        IllegalStateException single = assertThrows(IllegalStateException.class, () -> m.isFill(0));
        assertTrue(single.getMessage().contains("3 planes"), single.getMessage());

        mask.getStack().getProcessor(3).set(255);                       // plane 3 all fill: nothing known there
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FillMask.fromImage(mask, img));
        assertTrue(e.getMessage().contains("whole plane 3"), e.getMessage());
    }

    @Test
    void singlePlaneMaskAppliesToEveryChannelOfAnRgbSample() {
        ImagePlus rgb = IJ.createImage("rgb", "RGB black", 3, 2, 1);
        rgb.setRoi(new Roi(0, 0, 1, 2));
        ImageBatch b = FillMask.fromSelection(rgb).forSamples(rgb, ChannelLayout.RGB_CHANNELS, 0, 1);
        assertEquals(3, b.channels());
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 6; p++) assertEquals(p % 3 == 0 ? 1f : 0f, b.sample(0)[c * 6 + p], 0);
        }
    }
}
