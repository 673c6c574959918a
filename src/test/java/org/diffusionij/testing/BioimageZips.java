package org.diffusionij.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.diffusionij.model.BioimagePackage;

/** Builds bioimage.io packages for tests: an ONNX file plus the exporter's rdf.yaml (test resource). */
public final class BioimageZips {

    private BioimageZips() {
    }

    /** A package as training/'s exporter writes it: rdf.yaml (with the weights' real sha256) and weights.onnx. */
    public static Path of(Path onnx, Path zip) throws IOException {
        byte[] weights = Files.readAllBytes(onnx);
        String rdf = Files.readString(TestFiles.resource("/bioimage/rdf-pyyaml.yaml"))
                .replace("WEIGHTS_SHA256", BioimagePackage.sha256(weights));
        return write(zip, Map.of("rdf.yaml", rdf.getBytes(StandardCharsets.UTF_8), "weights.onnx", weights,
                "README.md", "# tiny\n".getBytes(StandardCharsets.UTF_8)));
    }

    /** A zip of the given entries. */
    public static Path write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(f)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return zip;
    }
}
