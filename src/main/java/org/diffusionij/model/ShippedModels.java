package org.diffusionij.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Files shipped in the repository's models/ folder (the default diffusion model, the evaluation
 * classifier), found wherever the launcher is run from: under the folder the launcher names
 * ({@code -Ddiffusionij.home}), then next to the code (target/diffusion-ij-*.jar or
 * target/classes: the repository is two levels up), and last in the working folder.
 */
public final class ShippedModels {

    /** System property the launcher sets to the repository root. */
    public static final String HOME_PROPERTY = "diffusionij.home";

    private ShippedModels() {
    }

    /**
     * models/{@code fileName}, from the first place that has it.
     *
     * @param option the option that names another file instead, for the message (e.g. "--classifier")
     * @throws ModelException listing the places looked at
     */
    public static Path locate(String fileName, String option) {
        Set<Path> candidates = candidates(fileName);
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new ModelException("no " + option + " given and the shipped models/" + fileName + " was not found "
                + "(looked at " + candidates + "); give a file with " + option + " FILE");
    }

    /** The places looked at, in order. */
    static Set<Path> candidates(String fileName) {
        Set<Path> candidates = new LinkedHashSet<>();
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            candidates.add(Paths.get(home, "models", fileName).toAbsolutePath().normalize());
        }
        try {
            Path code = Paths.get(ShippedModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.getParent() != null && code.getParent().getParent() != null) {
                candidates.add(code.getParent().getParent().resolve("models").resolve(fileName).normalize());
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // no code location (unusual class loader): the other candidates remain
        }
        candidates.add(Paths.get("models", fileName).toAbsolutePath().normalize());
        return candidates;
    }
}
