package org.diffusionij.command;

import static org.diffusionij.command.MacroBridge.TINY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;

/** Inpaint… through the macro bridge with the golden tiny model. */
class InpaintTest {

    private final MacroBridge bridge = MacroBridge.shared();

    private ImagePlus inpaint(String options) throws Exception {
        return bridge.result(Inpaint.class, options);
    }

    private String refused(String options) throws Exception {
        return bridge.refusal(Inpaint.class, options);
    }

    /** Checks known pixels are bit-identical and counts filled pixels that changed. */
    private static int changedInside(ImagePlus in, ImagePlus out, Roi region) {
        ImageProcessor mask = new ij.process.ByteProcessor(in.getWidth(), in.getHeight());
        mask.setColor(255);
        mask.fill(region);
        int changed = 0;
        for (int s = 1; s <= in.getStackSize(); s++) {
            ImageProcessor a = in.getStack().getProcessor(s);
            ImageProcessor b = out.getStack().getProcessor(s);
            for (int i = 0; i < a.getPixelCount(); i++) {
                boolean same = in.getBitDepth() == 32 ? Float.floatToIntBits(a.getf(i)) == Float.floatToIntBits(b.getf(i))
                        : a.get(i) == b.get(i);
                if (mask.get(i) == 0) {
                    assertTrue(same, "known pixel " + i + " of plane " + s + " changed");
                } else if (!same) {
                    changed++;
                }
            }
        }
        return changed;
    }

    @Test
    void fillsTheSelectionAndKeepsEveryOtherPixelForEveryType() throws Exception {
        for (int depth : new int[] {8, 16, 32, 24}) {
            bridge.closeAll();
            ImagePlus in = TestImages.fashion(3, depth, "shirt" + depth, 2);
            Roi hole = new Roi(4, 4, 6, 5);
            in.setRoi(hole);
            bridge.show(in);
            Object[] before = TestImages.snapshot(in);
            ImagePlus out = inpaint("steps=6 seed=3 " + TINY);
            assertEquals(in.getType(), out.getType());
            assertEquals(3, out.getStackSize());
            assertEquals("shirt" + depth + " inpainted", out.getTitle());
            assertEquals(0.5, out.getCalibration().pixelWidth, 0);
            int changed = changedInside(in, out, hole);
            assertTrue(changed > 30, depth + "-bit: only " + changed + " of 90 filled pixels changed");
            assertTrue(TestImages.unchanged(in, before));
            assertTrue(in.getRoi() != null, "the selection stays on the input");
        }
    }

    @Test
    void theFillAgreesWithTheImageBetterThanAFlatFill() throws Exception {
        ImagePlus truth = TestImages.fashion(8, 8, "truth", 2);
        ImagePlus in = truth.duplicate();
        in.setTitle("holed");
        TestImages.calibrate(in);
        Roi hole = new OvalRoi(3, 3, 8, 8);
        in.setRoi(hole);
        bridge.show(in);
        ImagePlus out = inpaint("steps=20 seed=1 " + TINY);
        // a flat fill with the mean of the known pixels is the classical baseline
        double errDiff = 0;
        double errFlat = 0;
        ImageProcessor mask = new ij.process.ByteProcessor(14, 14);
        mask.setColor(255);
        mask.fill(hole);
        for (int s = 1; s <= 8; s++) {
            ImageProcessor t = truth.getStack().getProcessor(s);
            ImageProcessor o = out.getStack().getProcessor(s);
            double sum = 0;
            int n = 0;
            for (int i = 0; i < 196; i++) if (mask.get(i) == 0) { sum += t.get(i); n++; }
            double flat = sum / n;
            for (int i = 0; i < 196; i++) {
                if (mask.get(i) == 0) continue;
                errDiff += Math.pow(o.get(i) - t.get(i), 2);
                errFlat += Math.pow(flat - t.get(i), 2);
            }
        }
        System.out.printf(Locale.ROOT, "InpaintTest: squared error in the hole: flat fill %.0f, diffusion %.0f%n",
                errFlat, errDiff);
        assertTrue(errDiff < errFlat, "diffusion " + errDiff + " vs flat " + errFlat);
    }

    @Test
    void aMaskImageNamedByTitleMarksTheRegion() throws Exception {
        ImagePlus in = bridge.show(TestImages.fashion(2, 8, "coat", 2));
        ImagePlus mask = IJ.createImage("my mask", "8-bit black", 14, 14, 1);
        Roi hole = new Roi(2, 6, 10, 3);
        mask.getProcessor().setColor(255);
        mask.getProcessor().fill(hole);
        bridge.show(mask);
        bridge.show(in); // the image stays the current one; the mask is found by its title
        ImagePlus out = inpaint("mask=[my mask] steps=6 seed=3 " + TINY);
        assertTrue(changedInside(in, out, hole) > 10);
        assertTrue(bridge.logged("non-zero pixels of 'my mask'"), String.join("\n", bridge.log()));
    }

    @Test
    void badRegionsAreClearErrors() throws Exception {
        bridge.closeAll();
        assertTrue(refused(TINY).contains("No image is open"));
        ImagePlus in = bridge.show(TestImages.fashion(1, 8, "img", 2));
        assertTrue(refused(TINY).contains("no selection"));
        in.setRoi(new Line(1, 1, 10, 10));
        assertTrue(refused(TINY).contains("not an area"));
        in.deleteRoi();
        bridge.show(IJ.createImage("empty", "8-bit black", 14, 14, 1));
        bridge.show(IJ.createImage("full", "8-bit white", 14, 14, 1));
        bridge.show(IJ.createImage("wrong size", "8-bit white", 20, 14, 1));
        bridge.show(in);
        assertTrue(refused("mask=empty " + TINY).contains("is empty"));
        assertTrue(refused("mask=full " + TINY).contains("whole image"));
        String size = refused("mask=[wrong size] " + TINY);
        assertTrue(size.contains("20x14") && size.contains("14x14"), size);
        assertTrue(refused("mask=[nothing like it] " + TINY).contains("no open image titled 'nothing like it'"));
    }
}
