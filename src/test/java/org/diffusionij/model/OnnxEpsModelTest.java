package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime runner on hand-built test graphs (src/test/resources/onnx/make_test_models.py).
 * toy.onnx computes eps = L(x) + 1e-3 t with L linear (a 3x3 convolution plus a pooled term), so
 * its answer for scaled inputs and for zero images follows from the numpy reference exactly.
 */
class OnnxEpsModelTest {

    /** float32 network vs float64 numpy on O(1) values through ~10 multiply-adds: a few ulp. */
    private static final double TOL = 1e-5;
    private static final int N = 3, H = 8, W = 12;

    private static OnnxEpsModel toy;
    private static float[] x, t, expected;

    @BeforeAll
    static void load() {
        toy = OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.CPU, Map.of());
        x = TestFiles.readF32(TestFiles.onnx("toy.x.f32"));
        t = TestFiles.readF32(TestFiles.onnx("toy.t.f32"));
        expected = TestFiles.readF32(TestFiles.onnx("toy.eps.f32"));
    }

    @AfterAll
    static void close() {
        toy.close();
    }

    @Test
    void matchesNumpyReferenceAndLeavesInputsAlone() {
        float[] xCopy = x.clone(), tCopy = t.clone();
        float[] eps = new float[x.length];
        Arrays.fill(eps, Float.NaN);  // every entry must be overwritten
        toy.predict(x, t, N, H, W, eps, CancelToken.none());
        assertTrue(TestFiles.maxAbsDiff(eps, expected) < TOL, "max diff " + TestFiles.maxAbsDiff(eps, expected));
        assertArrayEquals(xCopy, x);
        assertArrayEquals(tCopy, t);
    }

    @Test
    void buffersAreReusedForTheSameShapeAndReallocatedOnChange() {
        float[] eps = new float[x.length];
        toy.predict(x, t, N, H, W, eps, CancelToken.none());
        TensorBuffers first = toy.currentBuffers();

        // Same shape, new values: the buffers are rewritten in place, and the answer follows.
        float[] x2 = x.clone();
        for (int i = 0; i < x2.length; i++) x2[i] *= 2;
        toy.predict(x2, t, N, H, W, eps, CancelToken.none());
        assertSame(first, toy.currentBuffers(), "same shape must reuse the tensors");
        int per = H * W;
        for (int i = 0; i < eps.length; i++) {
            double tTerm = 1e-3 * t[i / per];
            assertEquals(2 * (expected[i] - tTerm) + tTerm, eps[i], 2 * TOL);
        }

        // New shape (a zero image 16x4 at t=500): eps = 1e-3 t exactly, everywhere.
        float[] zeros = new float[2 * 16 * 4];
        float[] epsZ = new float[zeros.length];
        toy.predict(zeros, new float[] {500, 250}, 2, 16, 4, epsZ, CancelToken.none());
        assertNotSame(first, toy.currentBuffers(), "a new shape needs new tensors");
        for (int i = 0; i < epsZ.length; i++) assertEquals(i < 64 ? 0.5f : 0.25f, epsZ[i], 1e-6f);

        // Back to the first shape: still right.
        toy.predict(x, t, N, H, W, eps, CancelToken.none());
        assertTrue(TestFiles.maxAbsDiff(eps, expected) < TOL);
    }

    @Test
    void batchOfOneMatchesThatImageInTheBatch() {
        int per = H * W;
        float[] eps = new float[per];
        toy.predict(Arrays.copyOfRange(x, per, 2 * per), new float[] {t[1]}, 1, H, W, eps, CancelToken.none());
        assertTrue(TestFiles.maxAbsDiff(eps, Arrays.copyOfRange(expected, per, 2 * per)) < TOL);
    }

    @Test
    void sizeNotAMultipleOfTheNetworkFactorIsRefused() {
        float[] a = new float[9 * 12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> toy.predict(a, new float[] {1}, 1, 9, 12, new float[a.length], CancelToken.none()));
        assertTrue(e.getMessage().contains("9x12 is not a multiple of the network's size factor 2"), e.getMessage());
        assertTrue(e.getMessage().contains("size_multiple"), e.getMessage());
        assertTrue(e.getMessage().contains("10x12"), e.getMessage());
    }

    @Test
    void wrongArrayLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> toy.predict(new float[10], new float[] {1}, 1, 8, 8, new float[10], CancelToken.none()));
        assertTrue(e.getMessage().contains("n*C*h*w = 64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> toy.predict(new float[128], new float[] {1}, 2, 8, 8, new float[128], CancelToken.none()));
        assertTrue(e.getMessage().contains("one timestep per image (2)"), e.getMessage());
    }

    @Test
    void aCancelledTokenStopsBeforeTheRun() {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        float[] eps = new float[x.length];
        assertThrows(CancelledException.class, () -> toy.predict(x, t, N, H, W, eps, cancel));
        assertTrue(Arrays.equals(new float[x.length], eps), "no output after a cancel");
    }

    @Test
    void cancelFromAnotherThreadStopsARunInFlightAndTheModelStaysUsable() throws Exception {
        // slow.onnx: 26 convolutions of 16 channels; at 512x512 one call is ~30 GFLOP, seconds on a small machine.
        try (OnnxEpsModel slow = OnnxEpsModel.load(TestFiles.onnx("slow.onnx"), Device.CPU, Map.of())) {
            int s = 512;
            float[] big = new float[s * s];
            float[] eps = new float[big.length];
            CancelToken cancel = new CancelToken();
            CompletableFuture<Void> run = CompletableFuture.runAsync(
                    () -> slow.predict(big, new float[] {10}, 1, s, s, eps, cancel));
            awaitRunning(slow, run);
            assertFalse(run.isDone(), "the run should still be going when cancelled");
            cancel.cancel();
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof CancelledException, String.valueOf(e.getCause()));

            // The session survives a terminated run: the next call (fresh run options) works.
            float[] small = new float[8 * 8];
            float[] out = new float[small.length];
            Arrays.fill(out, Float.NaN);
            slow.predict(small, new float[] {3}, 1, 8, 8, out, CancelToken.none());
            for (float v : out) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void closeWaitsForACancelledRunInsteadOfCrashing() throws Exception {
        OnnxEpsModel slow = OnnxEpsModel.load(TestFiles.onnx("slow.onnx"), Device.CPU, Map.of());
        int s = 512;
        float[] big = new float[s * s];
        CancelToken cancel = new CancelToken();
        CompletableFuture<Void> run = CompletableFuture.runAsync(
                () -> slow.predict(big, new float[] {10}, 1, s, s, new float[big.length], cancel));
        awaitRunning(slow, run);
        cancel.cancel();
        slow.close();  // blocks until the run has ended, then frees the session
        assertTrue(slow.isClosed());
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CancelledException);
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> slow.predict(new float[64], new float[] {1}, 1, 8, 8, new float[64], CancelToken.none()));
        assertTrue(closed.getMessage().contains("closed"));
        slow.close();  // idempotent
    }

    /** Waits until ONNX Runtime is inside the call (woken by the model when the run starts; no sleep). */
    private static void awaitRunning(OnnxEpsModel model, CompletableFuture<Void> run) throws InterruptedException {
        assertTrue(model.awaitRunning(120_000), () -> "the call was not seen running"
                + (run.isDone() ? "; it ended: " + run.handle((v, e) -> String.valueOf(e)).join() : ""));
    }

    @Test
    void networkOutputIsPassedThroughEvenWhenNaN() {
        // The sampler loop, not the runner, refuses NaN (it knows the step); the runner must not hide it.
        try (OnnxEpsModel nan = OnnxEpsModel.load(TestFiles.onnx("nan.onnx"), Device.CPU, Map.of())) {
            float[] eps = new float[16];
            nan.predict(new float[16], new float[] {1}, 1, 4, 4, eps, CancelToken.none());
            for (float v : eps) assertTrue(Float.isNaN(v));
        }
    }

    @Test
    void describesItsDeviceAndGraph() {
        assertEquals(Device.CPU, toy.resolvedDevice());
        assertEquals("CPU (" + OnnxEpsModel.defaultThreads() + " threads)", toy.device());
        assertEquals("toy", toy.metadata().name());
        assertEquals(2, toy.metadata().sizeMultiple());
        assertEquals(java.util.List.of("input  x  float32 [N, 1, H, W]", "input  t  float32 [N]",
                "output eps  float32 [N, 1, H, W]"), toy.graph().describe());
        assertFalse(toy.fallbackReason().isPresent());
        assertTrue(toy.runtimeVersion().startsWith("1."), toy.runtimeVersion());
    }

    @Test
    void threadCountIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.CPU, Map.of(), 0, s -> { }));
        assertTrue(e.getMessage().contains("threads"));
    }
}
