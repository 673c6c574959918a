package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

import org.diffusionij.control.CancelToken;
import org.diffusionij.model.Device;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package written by training/'s real exporter (src/test/resources/bioimage/make_exported_package.py)
 * opens by name from a models folder, and ONNX Runtime Java reproduces the package's own test pair
 * (the check bioimage.io's tools run on a package).
 */
class ExportedPackageTest {

    private static final Path ZIP = TestFiles.resource("/bioimage/exported-tiny.bioimage.zip");

    @Test
    void theExportersPackageRunsByNameAndReproducesItsTestOutput(@TempDir Path models) throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, "target/model-cache");
        Files.copy(ZIP, models.resolve("exported-tiny.bioimage.zip"));
        Path onnx = new ModelCatalog(List.of(models), Set.of()).resolve("exported-tiny");
        float[] x, t, expected;
        int[] shape;
        try (ZipFile z = new ZipFile(ZIP.toFile())) {
            shape = npyShape(z.getInputStream(z.getEntry("test_input_x.npy")).readAllBytes());
            x = npy(z.getInputStream(z.getEntry("test_input_x.npy")).readAllBytes());
            t = npy(z.getInputStream(z.getEntry("test_input_t.npy")).readAllBytes());
            expected = npy(z.getInputStream(z.getEntry("test_output_eps.npy")).readAllBytes());
        }
        assertEquals(4, shape.length);
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0.1, "the fixture's network outputs about nothing: " + scale);
        try (OnnxEpsModel m = OnnxEpsModel.load(onnx, Device.CPU, Map.of())) {
            assertEquals("exported-tiny", m.metadata().name());
            float[] eps = new float[x.length];
            m.predict(x, t, shape[0], shape[2], shape[3], eps, CancelToken.none());
            double maxAbs = 0;
            for (int i = 0; i < eps.length; i++) maxAbs = Math.max(maxAbs, Math.abs(eps[i] - expected[i]));
            // PyTorch (the exporter) vs ONNX Runtime on the CPU: float32 round-off only
            assertTrue(maxAbs < 1e-4, "max |eps - test output| = " + maxAbs);
        }
    }

    /** The data of a little-endian float32 .npy file (format 1.0, C order). */
    static float[] npy(byte[] b) throws IOException {
        String header = header(b);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException("not a C-order float32 .npy: " + header);
        }
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLength(b), b.length - 10 - headerLength(b))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[data.remaining() / 4];
        data.asFloatBuffer().get(out);
        return out;
    }

    static int[] npyShape(byte[] b) {
        String h = header(b);
        String dims = h.substring(h.indexOf("'shape': (") + 10, h.indexOf(')', h.indexOf("'shape': (")));
        return java.util.Arrays.stream(dims.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    private static int headerLength(byte[] b) {
        return (b[8] & 0xff) | (b[9] & 0xff) << 8;
    }

    private static String header(byte[] b) {
        return new String(b, 10, headerLength(b), StandardCharsets.US_ASCII);
    }
}
