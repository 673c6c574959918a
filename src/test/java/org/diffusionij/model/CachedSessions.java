package org.diffusionij.model;

import java.nio.file.Path;
import java.util.Map;

/** Test access to the session behind a {@link ModelCache} lease (package-private there). */
public final class CachedSessions {

    private CachedSessions() {
    }

    /** The session {@code cache} holds for these arguments (loading it if needed), as the commands open it. */
    public static OnnxEpsModel session(ModelCache cache, Path onnx, Device device) {
        try (EpsModel lease = cache.open(onnx, device, Map.of(), OnnxEpsModel.defaultThreads(), s -> { })) {
            return ModelCache.sessionOf(lease);
        }
    }
}
