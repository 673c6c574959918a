package org.diffusionij.command;

import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.testing.FashionMnist;

/** Test images for the command tests: Fashion-MNIST test images as every ImageJ type, and noise. */
final class TestImages {

    private TestImages() {
    }

    /**
     * The first {@code n} Fashion-MNIST test images (28x28, values 0..255) as a stack of
     * {@code bitDepth} 8, 16, 32 or 24 (RGB, gray in all channels), with a calibration and an Info
     * property so the tests can check they are carried.
     */
    static ImagePlus fashion(int n, int bitDepth, String title) {
        return fashion(n, bitDepth, title, 1);
    }

    /**
     * As {@link #fashion(int, int, String)}, average-pooled by {@code pool} (rounded): 2 gives the
     * 14x14 scale the golden tiny model was trained at.
     */
    static ImagePlus fashion(int n, int bitDepth, String title, int pool) {
        int[][] images = FashionMnist.testImages(n);
        int size = 28 / pool;
        ImageStack st = new ImageStack(size, size);
        for (int i = 0; i < n; i++) {
            ImageProcessor ip = processor(bitDepth, size, size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sum = 0;
                    for (int dy = 0; dy < pool; dy++) {
                        for (int dx = 0; dx < pool; dx++) sum += images[i][(y * pool + dy) * 28 + x * pool + dx];
                    }
                    int v = Math.round((float) sum / (pool * pool));
                    if (bitDepth == 24) ip.set(x, y, (v << 16) | (v << 8) | v); else ip.setf(y * size + x, v);
                }
            }
            st.addSlice("item " + i, ip);
        }
        ImagePlus imp = new ImagePlus(title, st);
        calibrate(imp);
        return imp;
    }

    static void calibrate(ImagePlus imp) {
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        cal.setUnit("mm");
        imp.setProperty("Info", "test image");
    }

    static ImageProcessor processor(int bitDepth, int w, int h) {
        switch (bitDepth) {
            case 8: return new ByteProcessor(w, h);
            case 16: return new ShortProcessor(w, h);
            case 32: return new FloatProcessor(w, h);
            default: return new ColorProcessor(w, h);
        }
    }

    /**
     * {@code clean} plus Gaussian noise of standard deviation {@code sigma}, as a new image of the
     * same type (clamped and rounded to 0..255 for 8-bit, to 0..65535 for 16-bit).
     */
    static ImagePlus noisy(ImagePlus clean, double sigma, long seed, String title) {
        Random r = new Random(seed);
        ImageStack in = clean.getStack();
        ImageStack out = new ImageStack(clean.getWidth(), clean.getHeight());
        for (int s = 1; s <= in.getSize(); s++) {
            ImageProcessor ip = in.getProcessor(s).duplicate();
            int n = ip.getPixelCount();
            for (int k = 0; k < n; k++) {
                double v = ip.getf(k) + sigma * r.nextGaussian();
                if (clean.getBitDepth() == 32) ip.setf(k, (float) v);
                else ip.setf(k, (float) Math.max(0, Math.min(clean.getBitDepth() == 8 ? 255 : 65535, Math.round(v))));
            }
            out.addSlice(in.getSliceLabel(s), ip);
        }
        ImagePlus imp = new ImagePlus(title, out);
        calibrate(imp);
        return imp;
    }

    /** Root-mean-square difference of two gray images of the same size, over all planes. */
    static double rmse(ImagePlus a, ImagePlus b) {
        double sum = 0;
        long n = 0;
        for (int s = 1; s <= a.getStackSize(); s++) {
            ImageProcessor pa = a.getStack().getProcessor(s);
            ImageProcessor pb = b.getStack().getProcessor(s);
            for (int k = 0; k < pa.getPixelCount(); k++) {
                double d = pa.getf(k) - pb.getf(k);
                sum += d * d;
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    /** A copy of every plane's pixels, to check later that an image was not modified. */
    static Object[] snapshot(ImagePlus imp) {
        Object[] p = new Object[imp.getStackSize()];
        for (int s = 1; s <= p.length; s++) p[s - 1] = imp.getStack().getProcessor(s).duplicate().getPixels();
        return p;
    }

    /** True when {@code imp}'s pixels equal a {@link #snapshot}. */
    static boolean unchanged(ImagePlus imp, Object[] snapshot) {
        for (int s = 1; s <= snapshot.length; s++) {
            Object a = imp.getStack().getPixels(s);
            Object b = snapshot[s - 1];
            boolean eq = a instanceof byte[] ? java.util.Arrays.equals((byte[]) a, (byte[]) b)
                    : a instanceof short[] ? java.util.Arrays.equals((short[]) a, (short[]) b)
                    : a instanceof float[] ? java.util.Arrays.equals((float[]) a, (float[]) b)
                    : java.util.Arrays.equals((int[]) a, (int[]) b);
            if (!eq) return false;
        }
        return true;
    }
}
