package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.TestModels;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 0.02);
    private static final ModelMetadata GRAY_MODEL = TestModels.metadata(SCHEDULE, 1, 1);
    private static final ModelMetadata RGB_MODEL = TestModels.metadata(SCHEDULE, 3, 1);

    /** A random image of the given type; RGB and 8-bit use the full 0..255 range. */
    static ImagePlus random(String type, int w, int h, int c, int z, int t, long seed) {
        ImagePlus imp = IJ.createHyperStack("in", w, h, c, z, t, bitDepth(type));
        Random r = new Random(seed);
        ImageStack st = imp.getStack();
        for (int s = 1; s <= st.getSize(); s++) {
            ImageProcessor ip = st.getProcessor(s);
            for (int i = 0; i < w * h; i++) {
                switch (type) {
                    case "8": ip.set(i, r.nextInt(256)); break;
                    case "16": ip.set(i, 1000 + r.nextInt(3000)); break;
                    case "32": ip.setf(i, (float) (r.nextGaussian() * 50 + 7)); break;
                    default: ip.set(i, r.nextInt(1 << 24)); break;
                }
            }
            st.setSliceLabel("plane " + s, s);
        }
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.5;
        cal.pixelDepth = 2;
        cal.setUnit("mm");
        cal.xOrigin = 3;
        cal.yOrigin = 5;
        imp.setProperty("Info", "acquired by a test");
        imp.setProp("Objective", "63x");
        return imp;
    }

    private static int bitDepth(String type) {
        return type.equals("rgb") ? 24 : Integer.parseInt(type);
    }

    private static List<Object> pixelsOf(ImagePlus imp) {
        List<Object> out = new ArrayList<>();
        for (int s = 1; s <= imp.getStackSize(); s++) {
            Object p = imp.getStack().getPixels(s);
            if (p instanceof byte[]) out.add(((byte[]) p).clone());
            else if (p instanceof short[]) out.add(((short[]) p).clone());
            else if (p instanceof float[]) out.add(((float[]) p).clone());
            else out.add(((int[]) p).clone());
        }
        return out;
    }

    private static void assertSamePixels(List<Object> expected, ImagePlus imp) {
        List<Object> actual = pixelsOf(imp);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Object e = expected.get(i);
            Object a = actual.get(i);
            if (e instanceof byte[]) assertArrayEquals((byte[]) e, (byte[]) a);
            else if (e instanceof short[]) assertArrayEquals((short[]) e, (short[]) a);
            else if (e instanceof float[]) assertArrayEquals((float[]) e, (float[]) a);
            else {
                int[] ei = (int[]) e;
                int[] ai = (int[]) a;
                for (int k = 0; k < ei.length; k++) assertEquals(ei[k] & 0xffffff, ai[k] & 0xffffff);
            }
        }
    }

    @Test
    void roundTripIsExactForIntegerTypesAndCloseForFloat() {
        for (String type : new String[] {"8", "16", "32", "rgb"}) {
            ImagePlus in = random(type, 13, 7, 1, 3, 1, 42);
            List<Object> before = pixelsOf(in);
            IntensityMap map = IntensityMap.forImage(in, GRAY_MODEL);
            ChannelLayout layout = ChannelLayout.choose(in, 1);
            ImageBatch batch = ImageTensors.toBatch(in, layout, map);
            assertEquals(type.equals("rgb") ? 9 : 3, batch.size(), type);
            assertEquals(1, batch.channels());
            assertEquals(7, batch.height());
            assertEquals(13, batch.width());
            ImagePlus out = ImageTensors.toImage(batch, layout, map, in, "in out");
            assertNotSame(in, out);
            assertEquals(in.getType(), out.getType(), type);
            assertEquals("in out", out.getTitle());
            assertSamePixels(before, in); // input untouched
            if (type.equals("32")) {
                // float -> model -> float: two affine maps in float/double, error a few ulps of the range
                float[] a = (float[]) in.getStack().getPixels(2);
                float[] b = (float[]) out.getStack().getPixels(2);
                for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * (map.high() - map.low()));
            } else {
                assertSamePixels(before, out);
            }
        }
    }

    @Test
    void chunkByChunkEqualsAllAtOnce() {
        for (String type : new String[] {"8", "rgb"}) {
            ImagePlus in = random(type, 6, 5, 1, 5, 1, 11);
            IntensityMap map = IntensityMap.forImage(in, GRAY_MODEL);
            ChannelLayout layout = ChannelLayout.choose(in, 1); // RGB: 15 samples, colours split
            int count = layout.sampleCount(in);
            ImagePlus whole = ImageTensors.toImage(ImageTensors.toBatch(in, layout, map), layout, map, in, "w");
            ImagePlus parts = ImageTensors.allocate(in, 6, 5, "p");
            for (int first = 0; first < count; first += 4) {
                int to = Math.min(count, first + 4); // chunks cut through an RGB slice's colours
                ImageTensors.write(ImageTensors.toBatch(in, layout, map, first, to), layout, map, parts, first);
            }
            parts = ImageTensors.finish(in, parts);
            assertSamePixels(pixelsOf(whole), parts);
            assertSamePixels(pixelsOf(in), parts);
        }
    }

    @Test
    void eightBitMapsWithTheModelsFixedRange() {
        ImagePlus in = IJ.createImage("x", "8-bit black", 2, 1, 1);
        in.getProcessor().set(0, 0);
        in.getProcessor().set(1, 255);
        IntensityMap map = IntensityMap.forImage(in, GRAY_MODEL);
        ImageBatch b = ImageTensors.toBatch(in, ChannelLayout.GRAY_PLANES, map);
        assertArrayEquals(new float[] {-1f, 1f}, b.sample(0));
    }

    @Test
    void rgbWithThreeChannelModelKeepsColoursTogether() {
        ImagePlus in = random("rgb", 5, 4, 1, 2, 1, 7);
        int px = in.getStack().getProcessor(2).get(3) & 0xffffff;
        IntensityMap map = IntensityMap.forImage(in, RGB_MODEL);
        ChannelLayout layout = ChannelLayout.choose(in, 3);
        assertEquals(ChannelLayout.RGB_CHANNELS, layout);
        ImageBatch b = ImageTensors.toBatch(in, layout, map);
        assertEquals(2, b.size());
        assertEquals(3, b.channels());
        float[] s = b.sample(1);
        int plane = 20;
        assertEquals(map.toModel((px >> 16) & 0xff), s[3], 0);
        assertEquals(map.toModel((px >> 8) & 0xff), s[plane + 3], 0);
        assertEquals(map.toModel(px & 0xff), s[2 * plane + 3], 0);
        ImagePlus out = ImageTensors.toImage(b, layout, map, in, "o");
        assertEquals(px, out.getStack().getProcessor(2).get(3) & 0xffffff);
    }

    @Test
    void rgbWithOneChannelModelSplitsColoursIntoPlanes() {
        ImagePlus in = random("rgb", 5, 4, 1, 1, 1, 8);
        int px = in.getProcessor().get(0) & 0xffffff;
        IntensityMap map = IntensityMap.forImage(in, GRAY_MODEL);
        ImageBatch b = ImageTensors.toBatch(in, ChannelLayout.choose(in, 1), map);
        assertEquals(3, b.size());
        assertEquals(map.toModel((px >> 16) & 0xff), b.sample(0)[0], 0);
        assertEquals(map.toModel((px >> 8) & 0xff), b.sample(1)[0], 0);
        assertEquals(map.toModel(px & 0xff), b.sample(2)[0], 0);
    }

    @Test
    void hyperstackChannelsMatchAThreeChannelModel() {
        ImagePlus in = random("16", 6, 5, 3, 2, 2, 9);
        in = new CompositeImage(in, IJ.COMPOSITE);
        ChannelLayout layout = ChannelLayout.choose(in, 3);
        assertEquals(ChannelLayout.HYPERSTACK_CHANNELS, layout);
        IntensityMap map = IntensityMap.forImage(in, RGB_MODEL);
        ImageBatch b = ImageTensors.toBatch(in, layout, map);
        assertEquals(4, b.size()); // z*t
        assertEquals(3, b.channels());
        // channel 2 of (z=2, t=1) is sample 1, channel index 1
        int idx = in.getStackIndex(2, 2, 1);
        assertEquals(map.toModel(in.getStack().getProcessor(idx).getf(4)), b.sample(1)[30 + 4], 0);
        ImagePlus out = ImageTensors.toImage(b, layout, map, in, "o");
        assertTrue(out.isComposite());
        assertEquals(3, out.getNChannels());
        assertEquals(2, out.getNSlices());
        assertEquals(2, out.getNFrames());
        assertSamePixels(pixelsOf(in), out);
    }

    @Test
    void hyperstackOnGrayModelUsesEveryPlane() {
        ImagePlus in = random("8", 4, 4, 2, 3, 2, 10);
        ChannelLayout layout = ChannelLayout.choose(in, 1);
        ImageBatch b = ImageTensors.toBatch(in, layout, IntensityMap.forImage(in, GRAY_MODEL));
        assertEquals(12, b.size());
        ImagePlus out = ImageTensors.toImage(b, layout, IntensityMap.forImage(in, GRAY_MODEL), in, "o");
        assertEquals(2, out.getNChannels());
        assertEquals(3, out.getNSlices());
        assertEquals(2, out.getNFrames());
        assertTrue(out.isHyperStack());
    }

    @Test
    void channelMismatchIsAClearError() {
        ImagePlus gray = random("8", 4, 4, 1, 1, 1, 1);
        gray.setTitle("cells");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelLayout.choose(gray, 3));
        assertTrue(e.getMessage().contains("expects 3 channels"), e.getMessage());
        assertTrue(e.getMessage().contains("'cells'"), e.getMessage());
        assertTrue(e.getMessage().contains("RGB Color"), e.getMessage());
        ImagePlus rgb = random("rgb", 4, 4, 1, 1, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> ChannelLayout.choose(rgb, 2));
        assertTrue(e.getMessage().contains("expects 2 channels"), e.getMessage());
    }

    @Test
    void attributesAreCarriedAndCalibrationScalesWithSize() {
        ImagePlus in = random("16", 8, 6, 1, 2, 1, 3);
        in.setDisplayRange(1200, 3500);
        IntensityMap map = IntensityMap.forImage(in, GRAY_MODEL);
        // a batch twice the size, as super-resolution makes
        List<float[]> big = new ArrayList<>();
        for (int i = 0; i < 2; i++) big.add(new float[16 * 12]);
        ImagePlus out = ImageTensors.toImage(new ImageBatch(1, 12, 16, big), ChannelLayout.GRAY_PLANES, map, in, "sr");
        assertEquals(16, out.getWidth());
        assertEquals(12, out.getHeight());
        Calibration c = out.getCalibration();
        assertEquals(0.125, c.pixelWidth, 0);
        assertEquals(0.25, c.pixelHeight, 0);
        assertEquals(2, c.pixelDepth, 0);
        assertEquals(6, c.xOrigin, 0);
        assertEquals(10, c.yOrigin, 0);
        assertEquals("mm", c.getUnit());
        assertEquals(0.25, in.getCalibration().pixelWidth, 0); // input calibration untouched
        assertEquals("acquired by a test", out.getProperty("Info"));
        assertEquals("63x", out.getProp("Objective"));
        assertEquals("plane 2", out.getStack().getSliceLabel(2));
        assertEquals(1200, out.getDisplayRangeMin(), 0);
        assertEquals(3500, out.getDisplayRangeMax(), 0);
    }

    @Test
    void outputIsClampedAndRoundedToTheInputType() {
        ImagePlus in = IJ.createImage("x", "8-bit black", 3, 1, 1);
        IntensityMap map = new IntensityMap(0, 255, "test");
        float[] s = {-1.5f, map.toModel(100.4), 1.7f};
        ImagePlus out = ImageTensors.toImage(new ImageBatch(1, 1, 3, List.of(s)), ChannelLayout.GRAY_PLANES, map,
                in, "o");
        assertEquals(0, out.getProcessor().get(0));
        assertEquals(100, out.getProcessor().get(1));
        assertEquals(255, out.getProcessor().get(2));
    }

    @Test
    void generatedSamplesBecomeAStackOrRgb() {
        IntensityMap map = IntensityMap.forGeneration(GRAY_MODEL);
        List<float[]> s = List.of(new float[] {-1, 0, 1, 0.5f}, new float[] {1, 1, 1, 1});
        ImagePlus gray = ImageTensors.newImage(new ImageBatch(1, 2, 2, s), map, true, "g");
        assertEquals(ImagePlus.GRAY8, gray.getType());
        assertEquals(2, gray.getStackSize());
        assertEquals(0, gray.getStack().getProcessor(1).get(0));
        assertEquals(128, gray.getStack().getProcessor(1).get(1)); // 127.5 rounds up
        assertEquals(255, gray.getStack().getProcessor(2).get(3));
        ImagePlus rgb = ImageTensors.newImage(new ImageBatch(3, 1, 1, List.of(new float[] {1, -1, 0})), map, true,
                "c");
        assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
        assertEquals(0xff0080, rgb.getProcessor().get(0) & 0xffffff);
    }
}
