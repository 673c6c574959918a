package org.diffusionij.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes outputs whole: to a temporary file next to the target, then renamed over it. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void writeString(Path file, String text) throws IOException {
        Path tmp = temp(file);
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, file);
    }

    public static void writePng(Path file, BufferedImage image) throws IOException {
        Path tmp = temp(file);
        if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer available");
        move(tmp, file);
    }

    private static Path temp(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
