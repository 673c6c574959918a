package org.diffusionij.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file whole or not at all: into a temporary file in the target's folder, renamed over
 * the target at the end, and removed on any failure, so no partial output is ever left behind.
 */
public final class AtomicFiles {

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Checks up front (before a long computation) that {@code target} can be written: its folder
     * exists and accepts a new file, and the target is not a folder.
     *
     * @throws IOException with a message naming the path and the fix
     */
    public static void checkWritable(Path target) throws IOException {
        Path dir = folderOf(target);
        if (Files.isDirectory(target)) throw new IOException("output " + target + " is a folder; give a file name");
        if (!Files.isDirectory(dir)) throw new IOException("output folder " + dir + " does not exist; create it first");
        Path probe;
        try {
            probe = createPart(dir, target);
        } catch (AccessDeniedException e) {
            throw new IOException("output folder " + dir + " is not writable (permission denied)", e);
        } catch (IOException e) {
            throw new IOException("cannot write into output folder " + dir + ": " + e.getMessage(), e);
        }
        Files.deleteIfExists(probe);
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IOException("output " + target + " exists and is read-only");
        }
    }

    /** Writes {@code target} through {@code writer}: whole, or not at all. */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = folderOf(target);
        Path tmp;
        try {
            tmp = createPart(dir, target);
        } catch (NoSuchFileException e) {
            throw new IOException("output folder " + dir + " does not exist; create it first", e);
        } catch (AccessDeniedException e) {
            throw new IOException("output folder " + dir + " is not writable (permission denied)", e);
        }
        boolean done = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the temporary files a killed writer of {@code target} left next to it (a process
     * killed outright cannot remove its own). Only for a target no other process is writing now.
     *
     * @return how many were removed
     */
    public static int removeLeftovers(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        int removed = 0;
        try (java.nio.file.DirectoryStream<Path> parts = Files.newDirectoryStream(folderOf(target),
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".part"))) {
            for (Path p : parts) if (Files.deleteIfExists(p)) removed++;
        }
        return removed;
    }

    /**
     * A new empty ".NAME.RANDOM.part" file next to the target. Not Files.createTempFile: its
     * owner-only permissions would end up on the output; a plain new file gets the user's umask.
     */
    private static Path createPart(Path dir, Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
            try {
                Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) throw new IllegalArgumentException("output " + target + " has no folder");
        return parent;
    }
}
