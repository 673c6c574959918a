package org.diffusionij.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.diffusionij.image.AtomicFiles;
import org.diffusionij.model.BioimagePackage;
import org.diffusionij.model.ModelException;

/**
 * Where ONNX bytes that do not live in a file of their own (the jar's bundled models, the weights
 * inside a bioimage.io zip) are written once so that ONNX Runtime can load them: NAME-HASH.onnx,
 * HASH from the content, so a changed model gets a new file and the same model reuses the old one.
 * Each file is written whole or not at all ({@link AtomicFiles}).
 */
final class ModelCacheFolder {

    private ModelCacheFolder() {
    }

    /** {@code bytes} as NAME-HASH.onnx in the first writable cache folder. */
    static Path store(String name, byte[] bytes) {
        return store(name, bytes, folders());
    }

    /** {@code bytes} as NAME-HASH.onnx in the first writable folder of {@code dirs}, unless already there. */
    static Path store(String name, byte[] bytes, Path... dirs) {
        String file = name + "-" + BioimagePackage.sha256(bytes).substring(0, 12) + ".onnx";
        IOException last = null;
        for (Path dir : dirs) {
            Path target = dir.resolve(file);
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
        throw new ModelException("cannot write the model " + name + " to a cache folder (" + last
                + "); set -D" + DefaultModel.CACHE_PROPERTY + "=FOLDER or give an .onnx file as the model");
    }

    /** -Ddiffusionij.cache, else ~/.diffusion-ij/models, then the temp folder. */
    static Path[] folders() {
        String configured = System.getProperty(DefaultModel.CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) return new Path[] {Paths.get(configured)};
        return new Path[] {
            Paths.get(System.getProperty("user.home"), ".diffusion-ij", "models"),
            Paths.get(System.getProperty("java.io.tmpdir"), "diffusion-ij-" + System.getProperty("user.name"))
        };
    }
}
