package org.diffusionij.command;

import static org.diffusionij.command.MacroBridge.TINY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import ij.ImagePlus;
import org.diffusionij.cli.Main;
import org.diffusionij.control.CancelToken;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.model.CachedSessions;
import org.diffusionij.model.Device;
import org.diffusionij.model.ModelCache;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;

class GenerateTest {

    static final String RGB3 = "model=[" + TestFiles.resource("/commands/rgb3.onnx") + "] device=cpu";

    private static MacroBridge bridge;

    @BeforeAll
    static void start() {
        bridge = MacroBridge.shared();
    }


    private static ImagePlus generate(String options) throws Exception {
        Module m = bridge.run(Generate.class, options);
        assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
        return (ImagePlus) m.getOutput("result");
    }

    private static ModelCache cache() {
        return bridge.context().service(ModelCacheService.class).cache();
    }

    @Test
    void makesAStackOfTheAskedSizeAndCountReproduciblyBySeed() throws Exception {
        ImagePlus a = generate("count=3 width=16 height=16 sampler=dpm++2m steps=6 seed=7 " + TINY);
        assertEquals(ImagePlus.GRAY8, a.getType()); // the model's data were 0..255
        assertEquals(3, a.getStackSize());
        assertEquals(16, a.getWidth());
        assertEquals(16, a.getHeight());
        ImagePlus b = generate("count=3 width=16 height=16 sampler=dpm++2m steps=6 seed=7 " + TINY);
        ImagePlus c = generate("count=3 width=16 height=16 sampler=dpm++2m steps=6 seed=8 " + TINY);
        for (int s = 1; s <= 3; s++) {
            assertArrayEquals((byte[]) a.getStack().getPixels(s), (byte[]) b.getStack().getPixels(s));
        }
        assertFalse(java.util.Arrays.equals((byte[]) a.getStack().getPixels(1), (byte[]) c.getStack().getPixels(1)));
        // the samples are not flat: a trained network produces structure
        assertTrue(a.getStack().getProcessor(1).getStatistics().stdDev > 5);
    }

    @Test
    void theLauncherGivesTheSameImagesForTheSameSeed(@TempDir Path dir)
            throws Exception {
        ImagePlus fiji = generate("count=3 width=16 height=16 sampler=ddpm steps=5 seed=11 " + TINY);
        Path tif = dir.resolve("cli.tif");
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), CancelToken.none(), "generate",
                "--model", TestFiles.resource("/golden/tiny.onnx").toString(), "--device", "cpu", "--count", "3",
                "--size", "16x16", "--sampler", "ddpm", "--steps", "5", "--seed", "11", "--batch", "2",
                "--out", tif.toString());
        assertEquals(0, code, err.toString());
        ImagePlus cli = ImageFiles.open(tif);
        assertEquals(3, cli.getStackSize());
        for (int s = 1; s <= 3; s++) {
            assertArrayEquals((byte[]) fiji.getStack().getPixels(s), (byte[]) cli.getStack().getPixels(s), "image " + s);
        }
    }

    @Test
    void theSessionIsReusedAcrossRuns() throws Exception {
        generate("count=1 width=8 height=8 steps=2 " + TINY);
        OnnxEpsModel first = CachedSessions.session(cache(), TestFiles.resource("/golden/tiny.onnx"), Device.CPU);
        generate("count=1 width=8 height=8 steps=2 seed=5 " + TINY);
        assertSame(first, CachedSessions.session(cache(), TestFiles.resource("/golden/tiny.onnx"), Device.CPU));
        assertFalse(first.isClosed());
    }

    @Test
    void sizesTheNetworkCannotTakeAreGeneratedLargerAndCropped() throws Exception {
        ImagePlus a = generate("count=1 width=15 height=9 steps=3 seed=1 sampler=ddim " + TINY);
        assertEquals(15, a.getWidth());
        assertEquals(9, a.getHeight());
    }

    @Test
    void everySamplerRuns() throws Exception {
        for (String s : org.diffusionij.pipeline.DiffusionOptions.SAMPLERS) {
            ImagePlus a = generate("count=2 width=8 height=8 steps=4 seed=2 sampler=" + s + " " + TINY);
            assertEquals(2, a.getStackSize(), s);
        }
    }

    @Test
    void aThreeChannelModelGivesRgb() throws Exception {
        ImagePlus a = generate("count=2 width=8 height=8 steps=3 seed=2 " + RGB3);
        assertEquals(ImagePlus.COLOR_RGB, a.getType());
        assertEquals(2, a.getStackSize());
    }

    /** Collects status events (SciJava holds subscribers weakly, so the test keeps this one). */
    public static final class StatusRecorder {
        final List<StatusEvent> events = new CopyOnWriteArrayList<>();

        @EventHandler
        public void onStatus(StatusEvent e) {
            events.add(e);
        }
    }

    @Test
    void progressGoesToTheStatusBarStepByStep() throws Exception {
        StatusRecorder rec = new StatusRecorder();
        EventService events = bridge.context().service(EventService.class);
        List<EventSubscriber<?>> subscription = events.subscribe(rec);
        try {
            // 7 steps, a count no other test uses: status events are delivered asynchronously, so a
            // late event of an earlier run (several use 6 steps) must not be mistaken for this run's.
            generate("count=2 width=8 height=8 steps=7 seed=1 " + TINY);
        } finally {
            events.unsubscribe(subscription);
        }
        List<StatusEvent> progress = rec.events.stream().filter(e -> e.getProgressMaximum() == 7)
                .collect(Collectors.toList());
        assertFalse(progress.isEmpty(), "no progress of 7 steps reported: " + rec.events);
        int last = -1;
        for (StatusEvent e : progress) {
            assertTrue(e.getProgressValue() >= last, "progress went back: " + progress);
            last = e.getProgressValue();
            assertTrue(e.getStatusMessage().startsWith("Generate"), e.getStatusMessage());
        }
        assertEquals(7, last, "the last step is always reported");
        // and the bar is cleared at the end
        StatusEvent end = rec.events.get(rec.events.size() - 1);
        assertTrue(end.getProgressMaximum() <= 0 || end.getProgressValue() == 0, end.toString());
    }

    @Test
    void badParametersAreClearErrors() throws Exception {
        Module m = bridge.run(Generate.class, "count=0 width=8 height=8 steps=3 " + TINY);
        assertTrue(MacroBridge.canceled(m));
        assertTrue(MacroBridge.reason(m).contains("count"), MacroBridge.reason(m));
        assertNull(m.getOutput("result"));
        m = bridge.run(Generate.class, "count=1 width=8 height=8 steps=3 sampler=euler " + TINY);
        assertTrue(MacroBridge.reason(m).contains("ddpm, ddim or dpm++2m"), MacroBridge.reason(m));
        m = bridge.run(Generate.class, "count=1 width=8 height=8 steps=5000 " + TINY);
        assertTrue(MacroBridge.reason(m).contains("steps"), MacroBridge.reason(m));
        m = bridge.run(Generate.class, "count=1 width=8 height=8 steps=2 device=cpu model=["
                + TestFiles.onnx("nan.onnx") + "]");
        assertTrue(MacroBridge.canceled(m));
        assertTrue(MacroBridge.reason(m).contains("NaN"), MacroBridge.reason(m));
        assertNull(m.getOutput("result"));
    }
}
