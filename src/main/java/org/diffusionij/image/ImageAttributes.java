package org.diffusionij.image;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.LUT;

/**
 * Carries what describes an image (not its pixels) from an input to a result: calibration,
 * the Info and string properties, slice labels, hyperstack dimensions, LUTs, composite mode and
 * display range. When the result is larger (super-resolution), the pixel size is divided and the
 * origin (in pixels) multiplied by the size ratio, so the result covers the same physical area.
 */
public final class ImageAttributes {

    private ImageAttributes() {
    }

    /**
     * Copies {@code from}'s attributes onto {@code to} (same plane structure, any size).
     *
     * @return {@code to}, or a {@link CompositeImage} wrapping it when {@code from} is composite
     */
    public static ImagePlus carry(ImagePlus from, ImagePlus to) {
        double sx = (double) to.getWidth() / from.getWidth();
        double sy = (double) to.getHeight() / from.getHeight();
        Calibration cal = from.getCalibration().copy();
        cal.pixelWidth /= sx;
        cal.pixelHeight /= sy;
        cal.xOrigin *= sx;
        cal.yOrigin *= sy;
        to.setCalibration(cal);

        Object info = from.getProperty("Info");
        if (info instanceof String) to.setProperty("Info", info);
        String[] props = from.getPropertiesAsArray();
        if (props != null) to.setProperties(props);

        ImageStack src = from.getStack();
        ImageStack dst = to.getStack();
        if (src.getSize() == dst.getSize()) {
            for (int s = 1; s <= src.getSize(); s++) {
                String label = src.getSliceLabel(s);
                if (label != null) dst.setSliceLabel(label, s);
            }
        }
        if (from.getStackSize() == to.getStackSize()) {
            to.setDimensions(from.getNChannels(), from.getNSlices(), from.getNFrames());
            to.setOpenAsHyperStack(from.isHyperStack());
        }

        if (from.isComposite() && to.getNChannels() > 1 && to.getType() == from.getType()) {
            CompositeImage ci = new CompositeImage(to, ((CompositeImage) from).getMode());
            ci.setLuts(copy(from.getLuts()));
            ci.setCalibration(cal);
            return ci;
        }
        if (to.getType() == from.getType() && to.getType() != ImagePlus.COLOR_RGB) {
            LUT lut = from.getProcessor().getLut();
            if (lut != null) to.getProcessor().setLut((LUT) lut.clone());
            to.setDisplayRange(from.getDisplayRangeMin(), from.getDisplayRangeMax());
        }
        return to;
    }

    private static LUT[] copy(LUT[] luts) {
        LUT[] out = new LUT[luts.length];
        for (int i = 0; i < luts.length; i++) out[i] = (LUT) luts[i].clone();
        return out;
    }
}
