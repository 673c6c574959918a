package org.diffusionij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The image files of a folder run: the files directly in {@code --in DIR} (not sub-folders) whose
 * extension is one of {@link #EXTENSIONS}, sorted by name; hidden files (a leading dot, e.g. an
 * unfinished output's temporary file) and other files are left alone. Each file's result goes to
 * {@code --out DIR} under the same name, with a non-TIFF extension replaced by {@code .tif}
 * (results are always TIFFs).
 */
final class InputFolder {

    /** Extensions taken from the input folder, lower case; matched case-insensitively. */
    static final List<String> EXTENSIONS = List.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp");

    private final Path dir;
    private final List<Path> images;
    private final int ignored;

    private InputFolder(Path dir, List<Path> images, int ignored) {
        this.dir = dir;
        this.images = images;
        this.ignored = ignored;
    }

    /**
     * Lists {@code in} and checks it against {@code out}: refuses the same folder (results would
     * land next to, or over, the inputs), a folder without images, and two inputs whose results
     * would share a name.
     */
    static InputFolder list(Path in, Path out) throws IOException {
        if (!Files.isDirectory(in)) throw new IOException("input folder " + in + " not found");
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--in " + in + " is a folder, so --out must be a folder too, but " + out
                    + " is a file; give a folder (it is created when missing)");
        }
        if (!Files.exists(out) && isImage(out)) {
            throw new IllegalArgumentException("--in " + in + " is a folder, so --out must be a folder too, but " + out
                    + " looks like an image file's name; give a folder (it is created when missing)");
        }
        if (Files.isDirectory(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("--out " + out + " is the input folder; give another folder, so that "
                    + "results never overwrite or mix with the inputs");
        }
        List<Path> images = new ArrayList<>();
        int ignored = 0;
        try (Stream<Path> s = Files.list(in)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p)) continue;
                if (isImage(p)) images.add(p);
                else ignored++;
            }
        }
        images.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("input folder " + in + " holds no image files (" + extensions()
                    + "); point --in at the folder of images");
        }
        Map<String, Path> byResult = new HashMap<>();
        for (Path p : images) {
            Path other = byResult.put(resultName(p), p);
            if (other != null) {
                throw new IllegalArgumentException("inputs " + other.getFileName() + " and " + p.getFileName() + " would "
                        + "both be written as " + resultName(p) + "; rename one of them");
            }
        }
        return new InputFolder(in, List.copyOf(images), ignored);
    }

    /** Whether the launcher takes {@code file} from a folder: a supported extension, not hidden. */
    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The result's file name for {@code input}: TIFF names kept, other extensions replaced by .tif. */
    static String resultName(Path input) {
        String name = input.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tif") || lower.endsWith(".tiff")) return name;
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".tif";
    }

    /** The accepted extensions as ".tif, .tiff, ...". */
    static String extensions() {
        return "." + String.join(", .", EXTENSIONS);
    }

    Path dir() {
        return dir;
    }

    /** The image files, sorted by name. */
    List<Path> images() {
        return images;
    }

    /** How many other regular files the folder holds (not images, or hidden). */
    int ignored() {
        return ignored;
    }
}
