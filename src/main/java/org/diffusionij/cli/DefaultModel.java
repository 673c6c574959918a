package org.diffusionij.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;

import org.diffusionij.model.ModelException;

/**
 * The shipped default model, models/{@value #FILE_NAME} in the repository. Looked for under the
 * folder the launcher names ({@code -Ddiffusionij.home}), next to the jar's parent folder
 * (target/..), and in the working folder.
 */
final class DefaultModel {

    static final String FILE_NAME = "fashion-mnist-32.onnx";
    static final String HOME_PROPERTY = "diffusionij.home";

    private DefaultModel() {
    }

    static Path locate() {
        Set<Path> candidates = new LinkedHashSet<>();
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) candidates.add(Paths.get(home, "models", FILE_NAME).toAbsolutePath().normalize());
        try {
            Path code = Paths.get(DefaultModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/diffusion-ij-*.jar or target/classes: the repository is two levels up
            if (code.getParent() != null && code.getParent().getParent() != null) {
                candidates.add(code.getParent().getParent().resolve("models").resolve(FILE_NAME).normalize());
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // no code location (unusual class loader): the other candidates remain
        }
        candidates.add(Paths.get("models", FILE_NAME).toAbsolutePath().normalize());
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new ModelException("no --model given and the default model models/" + FILE_NAME
                + " was not found (looked at " + candidates + "); give a model with --model FILE");
    }
}
