package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.diffusionij.testing.BioimageZips;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BioimagePackageTest {

    private static final Path TINY = TestFiles.resource("/golden/tiny.onnx");

    @Test
    void readsTheOnnxWeightsTheRdfNames(@TempDir Path dir) throws Exception {
        BioimagePackage p = BioimagePackage.read(BioimageZips.of(TINY, dir.resolve("tiny.bioimage.zip")));
        assertEquals("Diffusion-IJ tiny", p.name());
        assertEquals("weights.onnx", p.source());
        assertArrayEquals(Files.readAllBytes(TINY), p.weights());
    }

    @Test
    void aZippedFolderIsReadToo(@TempDir Path dir) throws Exception {
        byte[] w = Files.readAllBytes(TINY);
        String rdf = "type: model\nname: folder\nweights:\n  onnx:\n    source: w.onnx\n";
        Path zip = BioimageZips.write(dir.resolve("f.zip"), Map.of("pkg/rdf.yaml", rdf.getBytes(StandardCharsets.UTF_8),
                "pkg/w.onnx", w));
        assertArrayEquals(w, BioimagePackage.read(zip).weights());
    }

    @Test
    void brokenPackagesAreNamedInOneLine(@TempDir Path dir) throws Exception {
        byte[] w = Files.readAllBytes(TINY);
        byte[] rdf = Files.readString(TestFiles.resource("/bioimage/rdf-pyyaml.yaml")).getBytes(StandardCharsets.UTF_8);
        assertRefused(BioimageZips.write(dir.resolve("sha.zip"), Map.of("rdf.yaml", rdf, "weights.onnx", w)),
                "do not match the sha256");
        assertRefused(BioimageZips.write(dir.resolve("noweights.zip"), Map.of("rdf.yaml", rdf)),
                "lacks its ONNX weights 'weights.onnx'");
        assertRefused(BioimageZips.write(dir.resolve("nordf.zip"), Map.of("weights.onnx", w)), "has no rdf.yaml");
        byte[] torch = "type: model\nweights:\n  torchscript:\n    source: w.pt\n".getBytes(StandardCharsets.UTF_8);
        assertRefused(BioimageZips.write(dir.resolve("torch.zip"), Map.of("rdf.yaml", torch)),
                "has no ONNX weights", "weight formats given: torchscript", "ONNX only");
        byte[] dataset = "type: dataset\n".getBytes(StandardCharsets.UTF_8);
        assertRefused(BioimageZips.write(dir.resolve("ds.zip"), Map.of("rdf.yaml", dataset)), "describes a dataset");
        assertRefused(Files.write(dir.resolve("text.zip"), "not a zip".getBytes(StandardCharsets.UTF_8)),
                "is not a zip file");
        assertRefused(dir.resolve("absent.zip"), "not found");
    }

    private static void assertRefused(Path zip, String... parts) {
        String m = assertThrows(ModelException.class, () -> BioimagePackage.read(zip)).getMessage();
        assertTrue(m.contains(zip.toString()) || m.contains(zip.getFileName().toString()), m);
        assertTrue(!m.contains("\n"), m);
        for (String p : parts) assertTrue(m.contains(p), p + " not in: " + m);
    }
}
