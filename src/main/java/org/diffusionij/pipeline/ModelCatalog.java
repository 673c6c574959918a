package org.diffusionij.pipeline;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.diffusionij.model.BioimagePackage;
import org.diffusionij.model.ModelException;

/**
 * The one rule for what a model option means, in Fiji (macro key {@code model}) and the launcher
 * ({@code --model}): empty is the default model ({@link DefaultModel}); a NAME is a model in a
 * models folder (NAME.onnx, NAME.bioimage.zip or NAME.zip) or bundled in the plugin jar
 * (/models/NAME.onnx); anything else is a file path, an ONNX file or a bioimage.io zip.
 *
 * <p>Searched in this order, the first with the name wins (so an installed copy replaces a bundled
 * one): models/ in the Fiji installation (the {@code imagej.dir}, {@code fiji.dir} or
 * {@code ij.dir} property Fiji's launcher sets, else the folder above the plugin jar's plugins/
 * or jars/); models/ of the repository the launcher runs from ({@code -Ddiffusionij.home}); the
 * models bundled in the jar; then, for builds without them, models/ two levels above the code (a
 * build's target/classes or target/*.jar, i.e. the repository's) and models/ in the working folder.
 *
 * <p>{@link #resolve} gives an ONNX file ONNX Runtime can load: a bundled model or a zip's weights
 * are written once to a cache file ({@link ModelCacheFolder}).
 */
public final class ModelCatalog {

    /** Where a model listed by {@link #available} comes from. */
    public record Entry(String name, String where, Path file) {
        /** "general (/opt/Fiji.app/models/general.onnx)". */
        @Override
        public String toString() {
            return name + " (" + where + ")";
        }
    }

    /** What a name looks like: no folder, no model file extension. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    /** File endings a models folder's model may have, in the order they are tried. */
    private static final String[] ENDINGS = {".onnx", ".bioimage.zip", ".zip"};
    /** Bundled models live here inside the jar. */
    static final String BUNDLED = "models/";
    /** The key every contract-following ONNX file carries in its metadata (written near the file's end). */
    private static final byte[] CONTRACT_KEY = "alphas_cumprod".getBytes(StandardCharsets.US_ASCII);

    private final List<Path> folders;
    private final Set<String> bundled;
    private final List<Path> fallbacks;

    ModelCatalog(List<Path> folders, Set<String> bundled) {
        this(folders, bundled, List.of());
    }

    /** {@code folders}, then the {@code bundled} names, then {@code fallbacks} (folders searched after the jar). */
    ModelCatalog(List<Path> folders, Set<String> bundled, List<Path> fallbacks) {
        this.folders = List.copyOf(folders);
        this.bundled = Set.copyOf(bundled);
        this.fallbacks = List.copyOf(fallbacks);
    }

    /** The catalog of this installation: the models folders above and the models bundled in the jar. */
    public static ModelCatalog standard() {
        List<Path> installed = installedFolders();
        List<Path> fallbacks = new ArrayList<>(fallbackFolders());
        fallbacks.removeAll(installed);
        return new ModelCatalog(installed, bundledNames(), fallbacks);
    }

    /** The models folders searched, in order (some may not exist; the bundled models come between). */
    public List<Path> folders() {
        List<Path> all = new ArrayList<>(folders);
        all.addAll(fallbacks);
        return all;
    }

    /**
     * The ONNX file for model option {@code model}: the default model if empty, a name, or a path.
     *
     * @throws ModelException for an unknown name (listing the available ones) or a missing file
     */
    public Path resolve(String model) {
        String m = model == null ? "" : model.strip();
        if (m.isEmpty()) return onnxOf(findDefault());
        Path path;
        try {
            path = Paths.get(m);
        } catch (InvalidPathException e) {
            throw new ModelException("model '" + m + "' is neither a model name nor a valid path: " + e.getReason());
        }
        if (NAME.matcher(m).matches() && !hasModelEnding(m)) {
            Source s = findOrNull(m);
            if (s != null) return onnxOf(s);
            if (Files.isRegularFile(path)) return onnxOf(new Source(m, path, null));
            throw new ModelException("unknown model '" + m + "': available models are " + describe()
                    + "; or give a model file (.onnx or bioimage.io .zip)");
        }
        if (!Files.exists(path) && path.getParent() == null && hasModelEnding(m)) {
            Source s = findOrNull(stripEnding(m)); // "general.onnx": a models folder's file by its file name
            if (s != null) return onnxOf(s);
        }
        if (!Files.exists(path)) {
            throw new ModelException("model file " + path + " not found; give an existing .onnx or bioimage.io .zip "
                    + "file, or a model name: " + describe());
        }
        return onnxOf(new Source(m, path, null));
    }

    /**
     * The models this installation offers, one per name, in search order: contract-following ONNX
     * files and bioimage.io zips in the models folders (other ONNX files, such as the evaluation
     * classifier, are not listed but still run by path), then the bundled models.
     */
    public List<Entry> available() {
        Map<String, Entry> byName = new LinkedHashMap<>();
        list(folders, byName);
        for (String n : new TreeSet<>(bundled)) byName.putIfAbsent(n, new Entry(n, "bundled", null));
        list(fallbacks, byName);
        return List.copyOf(byName.values());
    }

    private static void list(List<Path> dirs, Map<String, Entry> byName) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String n = f.getFileName().toString();
                    if (!hasModelEnding(n) || !Files.isRegularFile(f) || !isDiffusionModel(f)) continue;
                    byName.putIfAbsent(stripEnding(n), new Entry(stripEnding(n), f.toString(), f));
                }
            } catch (IOException | UncheckedIOException e) {
                // an unreadable folder offers no models; resolving a name still reports what is missing
            }
        }
    }

    /** The available names, the default model's first (for a choice list). */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        List<Entry> all = available();
        if (all.stream().anyMatch(e -> e.name().equals(DefaultModel.NAME))) names.add(DefaultModel.NAME);
        for (Entry e : all) names.add(e.name());
        return List.copyOf(names);
    }

    /** "fashion-mnist-32 (bundled), general (/x/models/general.onnx)", or "none" for an empty catalog. */
    public String describe() {
        List<Entry> all = available();
        if (all.isEmpty()) return "none (no models folder holds a model and this build bundles none)";
        return String.join(", ", all.stream().map(Entry::toString).toList());
    }

    // --- finding ---

    /** A model found by name: a file, or a bundled resource. */
    private record Source(String name, Path file, String resource) {
    }

    private Source findDefault() {
        String name = DefaultModel.NAME;
        Source s = findOrNull(name);
        if (s != null) return s;
        List<String> looked = new ArrayList<>();
        for (Path dir : folders) looked.add(dir.resolve(name + ".onnx").toString());
        looked.add("jar:/" + BUNDLED + name + ".onnx");
        for (Path dir : fallbacks) looked.add(dir.resolve(name + ".onnx").toString());
        throw new ModelException("no model given and the default model " + BUNDLED + name + ".onnx was not found "
                + "(looked at " + looked + "; this build has no bundled model): give a model file or name "
                + "(launcher: --model FILE or --model NAME; macro: model=[/path/to/model.onnx]); available: "
                + describe());
    }

    private Source findOrNull(String name) {
        Source s = findIn(folders, name);
        if (s != null) return s;
        if (bundled.contains(name)) return new Source(name, null, "/" + BUNDLED + name + ".onnx");
        return findIn(fallbacks, name);
    }

    private static Source findIn(List<Path> dirs, String name) {
        for (Path dir : dirs) {
            for (String ending : ENDINGS) {
                Path f = dir.resolve(name + ending);
                if (Files.isRegularFile(f)) return new Source(name, f, null);
            }
        }
        return null;
    }

    /** Bundled resources and zips extracted once per process (the cache file itself is content-named). */
    private static final Map<String, Path> EXTRACTED = new LinkedHashMap<>();

    private static Path onnxOf(Source s) {
        if (s.resource != null) {
            synchronized (EXTRACTED) {
                Path p = EXTRACTED.get(s.resource);
                if (p == null || !Files.isRegularFile(p)) {
                    p = DefaultModel.extract(s.resource, ModelCacheFolder.folders());
                    EXTRACTED.put(s.resource, p);
                }
                return p;
            }
        }
        if (!BioimagePackage.isPackage(s.file)) return s.file;
        BioimagePackage pkg = BioimagePackage.read(s.file);
        String base = stripEnding(s.file.getFileName().toString());
        return ModelCacheFolder.store(base, pkg.weights());
    }

    private static boolean hasModelEnding(String n) {
        String lower = n.toLowerCase(Locale.ROOT);
        for (String e : ENDINGS) if (lower.endsWith(e)) return true;
        return false;
    }

    private static String stripEnding(String n) {
        String lower = n.toLowerCase(Locale.ROOT);
        for (String e : ENDINGS) if (lower.endsWith(e)) return n.substring(0, n.length() - e.length());
        return n;
    }

    /**
     * Cheap test for the list (no ONNX Runtime session): a zip with an RDF, or an ONNX file whose
     * last megabyte (where protobuf writes metadata_props, after the graph) has the contract's key.
     */
    static boolean isDiffusionModel(Path f) {
        if (BioimagePackage.isPackage(f)) {
            try (ZipFile z = new ZipFile(f.toFile())) {
                return z.stream().anyMatch(e -> e.getName().endsWith("rdf.yaml") || e.getName().endsWith("bioimageio.yaml"));
            } catch (IOException e) {
                return false;
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long n = raf.length();
            int len = (int) Math.min(n, 1 << 20);
            byte[] tail = new byte[len];
            raf.seek(n - len);
            raf.readFully(tail);
            return indexOf(tail, CONTRACT_KEY) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    // --- the standard places ---

    /** Fiji's models/ and the launcher's, searched before the bundled models. */
    static List<Path> installedFolders() {
        Set<Path> dirs = new LinkedHashSet<>();
        Path fiji = fijiRoot();
        if (fiji != null) dirs.add(fiji.resolve("models"));
        String home = System.getProperty(DefaultModel.HOME_PROPERTY);
        if (home != null && !home.isBlank()) dirs.add(Paths.get(home, "models"));
        return normalized(dirs);
    }

    /** The repository's models/ (two levels above the code) and the working folder's, after the bundled ones. */
    static List<Path> fallbackFolders() {
        Set<Path> dirs = new LinkedHashSet<>();
        Path code = codeLocation();
        if (code != null && code.getParent() != null && code.getParent().getParent() != null) {
            dirs.add(code.getParent().getParent().resolve("models"));
        }
        dirs.add(Paths.get("models"));
        return normalized(dirs);
    }

    private static List<Path> normalized(Set<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            Path n = d.toAbsolutePath().normalize();
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    /** Fiji's folder: the property its launcher sets, else the folder above plugins/ or jars/ holding this jar. */
    static Path fijiRoot() {
        for (String p : new String[] {"imagej.dir", "fiji.dir", "ij.dir"}) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank()) return Paths.get(v);
        }
        Path code = codeLocation();
        if (code != null && Files.isRegularFile(code) && code.getParent() != null) {
            String folder = String.valueOf(code.getParent().getFileName());
            if ((folder.equals("plugins") || folder.equals("jars")) && code.getParent().getParent() != null) {
                return code.getParent().getParent();
            }
        }
        return null;
    }

    private static Path codeLocation() {
        try {
            return Paths.get(ModelCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null; // no code location (unusual class loader): the other places remain
        }
    }

    /** Names of the models/NAME.onnx resources in this code's jar (or classes folder). */
    static Set<String> bundledNames() {
        Set<String> names = new TreeSet<>();
        Path code = codeLocation();
        if (code == null) return names;
        if (Files.isDirectory(code)) {
            try (Stream<Path> files = Files.list(code.resolve(BUNDLED))) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 5)));
            } catch (IOException | UncheckedIOException e) {
                // no bundled models in this build
            }
        } else if (Files.isRegularFile(code)) {
            try (JarFile jar = new JarFile(code.toFile())) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith(BUNDLED) && n.endsWith(".onnx") && n.indexOf('/', BUNDLED.length()) < 0)
                        .forEach(n -> names.add(n.substring(BUNDLED.length(), n.length() - 5)));
            } catch (IOException e) {
                // unreadable jar: no bundled models listed
            }
        }
        return names;
    }
}
