package org.diffusionij.model;

import org.diffusionij.command.ModelCacheService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.diffusionij.control.CancelToken;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

    @TempDir
    Path dir;

    private final ModelCache cache = new ModelCache();

    @AfterEach
    void clear() {
        cache.close();
    }

    private EpsModel open(Path p, Map<String, String> overrides) {
        return cache.open(p, Device.CPU, overrides, 1, s -> { });
    }

    @Test
    void sameArgumentsShareOneSessionThatOutlivesItsLeases() {
        Path toy = TestFiles.onnx("toy.onnx");
        EpsModel a = open(toy, Map.of());
        EpsModel b = open(toy.getParent().resolve(".").resolve("toy.onnx"), Map.of());  // same canonical file
        OnnxEpsModel session = ModelCache.sessionOf(a);
        assertSame(session, ModelCache.sessionOf(b));
        a.close();
        b.close();
        assertFalse(session.isClosed(), "closing leases keeps the session cached");
        try (EpsModel c = open(toy, Map.of())) {
            assertSame(session, ModelCache.sessionOf(c));
            float[] eps = new float[16];
            c.predict(new float[16], new float[] {10}, 1, 4, 4, eps, CancelToken.none());
            assertEquals(0.01f, eps[0], 1e-6f);
        }
        assertEquals(1, cache.size());
        cache.clear();
        assertTrue(session.isClosed());
        assertEquals(0, cache.size());
    }

    @Test
    void differentOverridesGetDifferentSessions() {
        Path toy = TestFiles.onnx("toy.onnx");
        try (EpsModel a = open(toy, Map.of()); EpsModel b = open(toy, Map.of("variance_type", "fixed_large"))) {
            assertNotSame(ModelCache.sessionOf(a), ModelCache.sessionOf(b));
            assertFalse(a.metadata().fixedLargeVariance());
            assertTrue(b.metadata().fixedLargeVariance());
        }
    }

    @Test
    void aHeldSessionClosesOnlyWhenItsLastLeaseDoes() {
        EpsModel a = open(TestFiles.onnx("toy.onnx"), Map.of());
        OnnxEpsModel session = ModelCache.sessionOf(a);
        cache.clear();
        assertFalse(session.isClosed(), "still leased");
        a.close();
        assertTrue(session.isClosed());
        assertThrows(IllegalStateException.class, () -> a.metadata());
        a.close();  // idempotent
    }

    @Test
    void aChangedFileIsLoadedAfresh() throws Exception {
        Path copy = Files.copy(TestFiles.onnx("toy.onnx"), dir.resolve("m.onnx"));
        EpsModel a = open(copy, Map.of());
        OnnxEpsModel first = ModelCache.sessionOf(a);
        a.close();
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() - 60_000));
        try (EpsModel b = open(copy, Map.of())) {
            assertNotSame(first, ModelCache.sessionOf(b));
            assertTrue(first.isClosed(), "the stale session is closed once nobody holds it");
        }
    }

    @Test
    void errorsComeThroughUnchanged() {
        ModelException e = assertThrows(ModelException.class, () -> open(dir.resolve("gone.onnx"), Map.of()));
        assertTrue(e.getMessage().contains("not found"));
        assertEquals(0, cache.size());
    }

    @Test
    void disposingTheContextClosesEverySession() {
        org.scijava.Context context = new org.scijava.Context(ModelCacheService.class);
        ModelCache contextCache = context.service(ModelCacheService.class).cache();
        Path toy = TestFiles.onnx("toy.onnx");
        OnnxEpsModel plain;
        OnnxEpsModel large;
        try (EpsModel a = contextCache.open(toy, Device.CPU, Map.of(), 1, s -> { });
             EpsModel b = contextCache.open(toy, Device.CPU, Map.of("variance_type", "fixed_large"), 1, s -> { })) {
            plain = ModelCache.sessionOf(a);
            large = ModelCache.sessionOf(b);
        }
        assertEquals(2, contextCache.size());
        assertEquals(0, java.util.stream.Stream.of(plain, large).filter(OnnxEpsModel::isClosed).count());
        context.dispose();
        assertEquals(0, contextCache.size());
        assertEquals(2, java.util.stream.Stream.of(plain, large).filter(OnnxEpsModel::isClosed).count(),
                "every session closed with its context");
        assertThrows(IllegalStateException.class, () -> contextCache.open(toy, Device.CPU, Map.of(), 1, s -> { }));
    }
}
