package org.diffusionij.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.diffusionij.image.AtomicFiles;
import org.diffusionij.model.ModelException;
import org.diffusionij.model.ShippedModels;

/**
 * The default model, used when no model is given, for the Fiji commands and the launcher alike.
 * Found in this order: models/{@value #FILE_NAME} under the folder the launcher names
 * ({@code -D}{@value #HOME_PROPERTY}); the copy inside the plugin jar ({@value #RESOURCE}, so
 * installing the jar is enough); models/ next to the build folder and in the working folder.
 *
 * <p>ONNX Runtime loads models from files, so the jar's copy is extracted once to a cache file
 * whose name carries a hash of its content: a newer jar with a different model gets a new file,
 * the same jar reuses the old one. The copy is written whole or not at all ({@link AtomicFiles}).
 */
public final class DefaultModel {

    public static final String FILE_NAME = "fashion-mnist-32.onnx";
    /** Where the model lives inside the jar. */
    public static final String RESOURCE = "/models/" + FILE_NAME;
    /** System property naming the cache folder (default: ~/.diffusion-ij/models, or the temp folder). */
    public static final String CACHE_PROPERTY = "diffusionij.cache";
    /** System property naming the repository folder the launcher runs from. */
    public static final String HOME_PROPERTY = ShippedModels.HOME_PROPERTY;

    private static Path extracted;

    private DefaultModel() {
    }

    /**
     * The default model as a file.
     *
     * @throws ModelException naming where it was looked for and how to give a model
     */
    public static synchronized Path path() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            Path p = Paths.get(home, "models", FILE_NAME).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) return p;
        }
        if (DefaultModel.class.getResource(RESOURCE) != null) {
            if (extracted == null || !Files.isRegularFile(extracted)) extracted = extract(RESOURCE, cacheDirs());
            return extracted;
        }
        // Not in a jar (a development build): the repository's models/, where every shipped model is found.
        return ShippedModels.locate(FILE_NAME, "--model (macro: model=[/path/to/model.onnx])");
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
                if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
                    Files.createDirectories(dir);
                    AtomicFiles.write(target, out -> out.write(bytes));
                }
                return target;
            } catch (IOException e) {
                last = e; // try the next folder
            }
        }
        throw new ModelException("cannot write the bundled model to a cache folder (" + last
                + "); set -D" + CACHE_PROPERTY + "=FOLDER or give an .onnx file as the model");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DefaultModel.class.getResourceAsStream(resource)) {
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
