package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.Map;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import org.diffusionij.control.CancelToken;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.model.Device;
import org.diffusionij.model.OnnxEpsModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The crops σ is refined on: bounded, mixed censored and observed, none below the saturation share. */
class CensoredCropsTest {

    private static OnnxEpsModel model;

    @BeforeAll
    static void load() {
        model = OnnxEpsModel.load(Paths.get("models/fashion-mnist-32.onnx"), Device.CPU, Map.of(), 1, m -> { });
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ImageJob job(ImagePlus imp) {
        return new ImageJob(model, imp, ChannelLayout.GRAY_PLANES, IntensityMap.forImage(imp, model.metadata()),
                CancelToken.none(), line -> { });
    }

    private static CensoredCrops choose(ImagePlus imp) {
        ImageJob job = job(imp);
        return CensoredCrops.choose(job, (float) job.map().toModel(0), (float) job.map().toModel(255));
    }

    /** Grey {@code level} plus noise σ = 25, clipped and rounded. */
    private static void noisy(ByteProcessor bp, int x0, int x1, double level, Random rnd) {
        for (int y = 0; y < bp.getHeight(); y++) {
            for (int x = x0; x < x1; x++) bp.set(x, y, (int) Math.max(0, Math.min(255, Math.round(level + 25 * rnd.nextGaussian()))));
        }
    }

    @Test
    void cropsOfABigImageAreBoundedAndSkipWhollySaturatedAreas() {
        ByteProcessor bp = new ByteProcessor(1024, 512);
        Random rnd = new Random(1);
        bp.setValue(255);
        bp.fill();                      // left half: saturated everywhere (a blown-out object)
        noisy(bp, 512, 1024, 20, rnd);  // right half: dark background, about a fifth clipped at 0
        CensoredCrops c = choose(new ImagePlus("big", bp));
        assertNotNull(c);
        assertEquals(64, c.h);
        assertEquals(64, c.w);
        assertEquals(CensoredCrops.PIXELS / (64 * 64), c.n);
        float lo = -1f, hi = 1f;
        for (int k = 0; k < c.n; k++) {
            int censored = 0, plane = c.h * c.w;
            for (int i = k * plane; i < (k + 1) * plane; i++) if (c.x[i] <= lo || c.x[i] >= hi) censored++;
            assertTrue(censored > 0 && censored < plane, "crop " + k + " has " + censored + " censored of " + plane);
        }
    }

    @Test
    void fewSaturatedPixelsAreNotRefined() {
        ByteProcessor bp = new ByteProcessor(256, 256);
        noisy(bp, 0, 256, 128, new Random(2));   // σ = 25 around 128: 0.0 % saturated
        for (int i = 0; i < 300; i++) bp.set(i % 256, i / 256 * 9, 255);   // 0.46 % saturated
        assertNull(choose(new ImagePlus("few", bp)));
    }

    @Test
    void smallSlicesAreTakenWhole() {
        ImageStack st = new ImageStack(32, 32);
        Random rnd = new Random(3);
        for (int s = 0; s < 6; s++) {
            ByteProcessor bp = new ByteProcessor(32, 32);
            noisy(bp, 0, 32, 10, rnd);
            st.addSlice(bp);
        }
        CensoredCrops c = choose(new ImagePlus("stack", st));
        assertNotNull(c);
        assertEquals(6, c.n);
        assertEquals(32, c.h);
        assertEquals(32, c.w);
    }
}
