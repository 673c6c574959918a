package org.diffusionij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ij.ImagePlus;
import org.diffusionij.model.CachedSessions;
import org.diffusionij.model.Device;
import org.diffusionij.model.ModelCache;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.app.event.StatusEvent;
import org.scijava.module.Module;

/**
 * Cancelling a running command (as Fiji's Esc or a script does): the run ends without output,
 * the network call in flight is stopped, the session lease is returned, and native memory does not
 * grow over many cancelled runs. slow.onnx makes one network call on 128x128 take about a second
 * here; the test cancels when the first step's progress arrives, so the cancel lands inside a
 * later call of the 40.
 */
class CancelTest {

    private static final Path SLOW = TestFiles.onnx("slow.onnx");
    private static final String OPTIONS = "count=1 width=128 height=128 steps=40 sampler=ddim seed=1 model=["
            + SLOW + "] device=cpu";

    private static MacroBridge bridge;
    private static volatile CountDownLatch stepping;

    @BeforeAll
    static void start() {
        bridge = MacroBridge.shared();
        bridge.context().service(EventService.class).subscribe(LISTENER);
    }

    /** Counts down {@link #stepping} when a step's progress arrives (SciJava holds subscribers weakly). */
    public static final class Listener {
        @EventHandler
        public void onStatus(StatusEvent e) {
            CountDownLatch l = stepping;
            if (l != null && e.getProgressMaximum() > 0 && e.getProgressValue() >= 1) l.countDown();
        }
    }

    private static final Listener LISTENER = new Listener();


    /** Starts a run, cancels it once its first step is done, returns the cancel-to-end latency in ms. */
    private static double cancelledRun() throws Exception {
        stepping = new CountDownLatch(1);
        MacroBridge.Run run = bridge.start(Generate.class, OPTIONS);
        assertTrue(stepping.await(120, TimeUnit.SECONDS), "the command reported no step");
        long t0 = System.nanoTime();
        run.cancel("Cancelled by the test.");
        Module m = run.await(60);
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(MacroBridge.canceled(m));
        assertEquals("Cancelled by the test.", MacroBridge.reason(m));
        assertNull(m.getOutput("result"));
        return ms;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void cancelMidRunLeavesNoOutputAndLeaksNothing() throws Exception {
        cancelledRun(); // loads the session and its buffers
        cancelledRun();
        System.gc();
        long before = rssKb();
        int cycles = 20;
        double worst = 0;
        for (int i = 0; i < cycles; i++) worst = Math.max(worst, cancelledRun());
        System.gc();
        long grownKb = rssKb() - before;
        System.out.printf("CancelTest: %d cancelled runs, slowest cancel took %.0f ms, RSS grew %d kB%n", cycles,
                worst, grownKb);
        // A leaked input/output tensor pair is 2 MB here and a leaked session far more: 20 cycles
        // leaking either would add 40 MB or more. The JVM's own heap noise stays well below that.
        assertTrue(grownKb < 32 * 1024, "RSS grew " + grownKb + " kB over " + cycles + " cancelled runs");

        // Every lease was returned: clearing the cache closes the session at once.
        ModelCache cache = bridge.context().service(ModelCacheService.class).cache();
        OnnxEpsModel session = CachedSessions.session(cache, SLOW, Device.CPU);
        cache.clear();
        assertTrue(session.isClosed(), "a cancelled run kept its model lease");

        // and the next run works normally
        Module m = bridge.run(Generate.class, OPTIONS.replace("width=128 height=128 steps=40",
                "width=16 height=16 steps=2"));
        assertFalse(MacroBridge.canceled(m), MacroBridge.reason(m));
        assertEquals(16, ((ImagePlus) m.getOutput("result")).getWidth());
    }
}
