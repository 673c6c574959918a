package org.diffusionij.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.diffusionij.model.ModelException;

/**
 * The default model shipped inside the plugin jar ({@value #RESOURCE}), so installing the jar is
 * enough. ONNX Runtime loads models from files, so the resource is copied once to a cache file
 * whose name carries a hash of its content: a newer jar with a different model gets a new file,
 * the same jar reuses the old one. The copy is written to a temporary file and renamed, so a
 * crash never leaves half a model behind.
 */
public final class BundledModel {

    /** Where the model lives inside the jar. */
    public static final String RESOURCE = "/models/fashion-mnist-32.onnx";

    /** System property naming the cache folder (default: ~/.diffusion-ij/models, or the temp folder). */
    public static final String CACHE_PROPERTY = "diffusionij.cache";

    private static Path extracted;

    private BundledModel() {
    }

    /**
     * The bundled model as a file, extracted on first use.
     *
     * @throws ModelException when this build has no bundled model or no folder is writable
     */
    public static synchronized Path path() {
        if (extracted == null || !Files.isRegularFile(extracted)) {
            extracted = extract(RESOURCE, cacheDirs());
        }
        return extracted;
    }

    /**
     * Copies class-path {@code resource} into the first writable folder of {@code dirs} as
     * NAME-HASH.onnx (NAME from the resource, HASH from its content), unless that file is already
     * there with the right size.
     */
    static Path extract(String resource, Path... dirs) {
        byte[] bytes = read(resource);
        String base = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("\\.onnx$", "");
        String name = base + "-" + shortHash(bytes) + ".onnx";
        IOException last = null;
        for (Path dir : dirs) {
            Path target = dir.resolve(name);
            try {
                if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) write(dir, target, bytes);
                return target;
            } catch (IOException e) {
                last = e; // try the next folder
            }
        }
        throw new ModelException("cannot write the bundled model to a cache folder (" + last
                + "); set -D" + CACHE_PROPERTY + "=FOLDER or give an .onnx file as the model");
    }

    private static byte[] read(String resource) {
        try (InputStream in = BundledModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelException("this build has no bundled model (" + resource + " is not in the jar): "
                        + "give an .onnx file as the model (model=[/path/to/model.onnx])");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model from the jar", e);
        }
    }

    private static Path[] cacheDirs() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) return new Path[] {Paths.get(configured)};
        return new Path[] {
            Paths.get(System.getProperty("user.home"), ".diffusion-ij", "models"),
            Paths.get(System.getProperty("java.io.tmpdir"), "diffusion-ij-" + System.getProperty("user.name"))
        };
    }

    private static void write(Path dir, Path target, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "extract-", ".part");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String shortHash(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 6; i++) sb.append(String.format("%02x", d[i] & 0xff));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
