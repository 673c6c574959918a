package org.diffusionij.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import org.diffusionij.image.AtomicFiles;

/** The bench's text and PNG outputs, written whole or not at all by {@link AtomicFiles}, folders created. */
final class BenchFiles {

    private BenchFiles() {
    }

    static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static void writePng(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
