package org.diffusionij.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.diffusionij.model.ModelException;
import org.diffusionij.model.ShippedModels;

/**
 * What an empty model option means, for the Fiji commands and the launcher alike: the model named
 * {@value #NAME}, found like any named model by {@link ModelCatalog} (a models folder's
 * {@value #FILE_NAME}, else the copy inside the plugin jar, {@value #RESOURCE}, so installing the
 * jar is enough).
 */
public final class DefaultModel {

    /** The default model's name (what {@code model=} and {@code --model} accept): Generate's demo prior. */
    public static final String NAME = "fashion-mnist-32";
    /**
     * The restoration commands' default (Denoise, Super-resolve, Inpaint, Image to image): a prior of
     * real images. The garment prior paints garment textures into photographs and loses to non-local
     * means on them (camera σ = 20: 26.6 vs 29.7 dB); this one beats it (bench/real-images.md).
     */
    public static final String RESTORATION = "general";
    public static final String FILE_NAME = NAME + ".onnx";
    /** Where the model lives inside the jar. */
    public static final String RESOURCE = "/" + ModelCatalog.BUNDLED + FILE_NAME;
    /** System property naming the cache folder (default: ~/.diffusion-ij/models, or the temp folder). */
    public static final String CACHE_PROPERTY = "diffusionij.cache";
    /** System property naming the repository folder the launcher runs from. */
    public static final String HOME_PROPERTY = ShippedModels.HOME_PROPERTY;

    private DefaultModel() {
    }

    /**
     * The default model as a file.
     *
     * @throws ModelException naming where it was looked for and how to give a model
     */
    public static Path path() {
        return ModelCatalog.standard().resolve("");
    }

    /**
     * Copies class-path {@code resource} (a bundled ONNX model) into the first writable folder of
     * {@code dirs} as NAME-HASH.onnx (see {@link ModelCacheFolder}).
     */
    static Path extract(String resource, Path... dirs) {
        String base = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("\\.onnx$", "");
        return ModelCacheFolder.store(base, read(resource), dirs);
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
}
