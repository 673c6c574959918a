package org.diffusionij.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test resources: the ONNX test models under src/test/resources/onnx and raw float32 arrays. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A committed test model, e.g. {@code onnx("toy.onnx")} (see make_test_models.py). */
    public static Path onnx(String name) {
        return resource("/onnx/" + name);
    }

    /** A file on the test class path. */
    public static Path resource(String path) {
        URL url = TestFiles.class.getResource(path);
        if (url == null) throw new IllegalArgumentException("no test resource " + path);
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A raw little-endian float32 file (no header), as the golden fixtures store arrays. */
    public static float[] readF32(Path file) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Largest absolute difference between two arrays of the same length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
