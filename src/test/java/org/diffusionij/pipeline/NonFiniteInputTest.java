package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.Device;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;

/**
 * An image already open in Fiji never passes the file reader's checks, so the pipeline makes them:
 * a plane with no finite pixel is refused (naming the image and plane) before any network call,
 * for every task; a few NaN/Inf pixels are processed and logged once, saying how many and as what.
 */
class NonFiniteInputTest {

    private static OnnxEpsModel tiny() {
        return OnnxEpsModel.load(TestFiles.resource("/golden/tiny.onnx"), Device.CPU, Map.of(), 1, s -> { });
    }

    private static FloatProcessor plane(float fill) {
        float[] px = new float[16 * 16];
        for (int i = 0; i < px.length; i++) px[i] = 50 + (i * 37) % 100;
        if (!Float.isFinite(fill) || fill != 0) Arrays.fill(px, fill);
        return new FloatProcessor(16, 16, px);
    }

    @Test
    void aPlaneWithoutAFinitePixelIsRefusedByEveryImageTask() {
        DiffusionOptions o = DiffusionOptions.of("", "cpu", "dpm++2m", 2, 0, 1);
        ImageStack stack = new ImageStack(16, 16);
        stack.addSlice(plane(0));
        stack.addSlice(plane(Float.POSITIVE_INFINITY));
        ImagePlus img = new ImagePlus("blobs", stack);
        List<ImageOperation> ops = List.of(new SuperResolveOperation(2, o), new ImageToImageOperation(0.5, o),
                new DenoiseOperation(java.util.Optional.empty(), 1, o));
        try (OnnxEpsModel m = tiny()) {
            for (ImageOperation op : ops) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new ImagePipeline(m, Progress.none(), CancelToken.none(), s -> { }).transform(img, op));
                assertEquals("image 'blobs' plane 2 of 2 has no finite pixel (all NaN or infinite): there is nothing "
                        + "to work from; fix or remove that plane", e.getMessage(), op.name());
            }
        }
    }

    @Test
    void aFewNonFinitePixelsAreLoggedOnceWithWhatReplacesThem() {
        DiffusionOptions o = DiffusionOptions.of("", "cpu", "dpm++2m", 2, 0, 1);
        FloatProcessor fp = plane(0);
        fp.setf(3, 3, Float.NaN);
        fp.setf(4, 4, Float.NEGATIVE_INFINITY);
        List<String> log = new ArrayList<>();
        try (OnnxEpsModel m = tiny()) {
            ImagePlus out = new ImagePipeline(m, Progress.none(), CancelToken.none(), log::add)
                    .transform(new ImagePlus("few", fp), new ImageToImageOperation(0.3, o));
            assertEquals(16, out.getWidth());
        }
        List<String> notes = log.stream().filter(l -> l.contains("NaN or infinite")).toList();
        assertEquals(1, notes.size(), log.toString());
        assertTrue(notes.get(0).startsWith("Image to image: 'few': 2 of 256 pixels are NaN or infinite; the network "
                + "sees them as "), notes.get(0));
    }
}
