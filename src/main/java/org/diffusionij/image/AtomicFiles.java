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
        try (Pending p = begin(target)) {
            writer.write(p.stream());
            p.commit();
        }
    }

    /**
     * Starts writing {@code target} in pieces (e.g. images as they are made): the bytes go to a
     * temporary file next to it; {@link Pending#commit} renames it over the target, and closing
     * without a commit (a failure, a cancel) removes it.
     */
    public static Pending begin(Path target) throws IOException {
        Path dir = folderOf(target);
        Path tmp;
        try {
            tmp = createPart(dir, target);
        } catch (NoSuchFileException e) {
            throw new IOException("output folder " + dir + " does not exist; create it first", e);
        } catch (AccessDeniedException e) {
            throw new IOException("output folder " + dir + " is not writable (permission denied)", e);
        }
        try {
            return new Pending(tmp, target, new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A file being written: whole after {@link #commit}, gone after {@link #close} without one. */
    public static final class Pending implements AutoCloseable {
        private final Path tmp;
        private final Path target;
        private final OutputStream out;
        private boolean committed;

        private Pending(Path tmp, Path target, OutputStream out) {
            this.tmp = tmp;
            this.target = target;
            this.out = out;
        }

        /** Where the content goes (buffered); not to be closed by the caller. */
        public OutputStream stream() {
            return out;
        }

        /** Flushes, closes and renames the temporary file over the target. */
        public void commit() throws IOException {
            out.close();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        /** Removes the temporary file unless committed. */
        @Override
        public void close() throws IOException {
            if (committed) return;
            try {
                out.close();
            } catch (IOException ignored) {
                // the file goes anyway
            } finally {
                Files.deleteIfExists(tmp);
            }
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
