package org.diffusionij.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A bioimage.io model package (a zip with {@code rdf.yaml}, format 0.5 or 0.4) opened as a model:
 * its ONNX weights, named by {@code weights.onnx.source}, checked against {@code weights.onnx.sha256}
 * when the RDF gives one. The weights carry the model contract's metadata themselves (training/'s
 * exporter writes the very ONNX file into the package), so they run like a plain {@code .onnx} file.
 *
 * @param zip     the package
 * @param name    the RDF's {@code name} (or the zip's file name)
 * @param source  the weights' entry in the zip
 * @param weights the ONNX file's bytes
 */
public record BioimagePackage(Path zip, String name, String source, byte[] weights) {

    /** The RDF's file name inside the package (bioimageio.yaml is the newer spelling of the same file). */
    static final String[] RDF_NAMES = {"rdf.yaml", "bioimageio.yaml"};

    /** True when {@code file}'s name says it is a zip (a package, not an ONNX file). */
    public static boolean isPackage(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /**
     * Reads the package's RDF and ONNX weights.
     *
     * @throws ModelException naming the package, what is wrong with it, and the fix
     */
    public static BioimagePackage read(Path zip) {
        ModelFiles.checkReadable(zip);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry rdfEntry = rdfEntry(z);
            if (rdfEntry == null) {
                throw new ModelException("model package " + zip + " has no rdf.yaml: not a bioimage.io model package "
                        + "(give an .onnx file, or a zip written by training/'s export)");
            }
            Map<String, String> rdf = RdfYaml.parse(new String(bytes(z, rdfEntry), StandardCharsets.UTF_8));
            String type = rdf.get("type");
            if (type != null && !type.equals("model")) {
                throw new ModelException("bioimage.io package " + zip + " describes a " + type + ", not a model");
            }
            String source = rdf.get("weights.onnx.source");
            if (source == null || source.isBlank()) {
                throw new ModelException("bioimage.io package " + zip + " has no ONNX weights (weights.onnx.source in "
                        + "rdf.yaml; weight formats given: " + weightFormats(rdf) + "): Diffusion-IJ runs ONNX only");
            }
            if (source.contains("://")) {
                throw new ModelException("bioimage.io package " + zip + " names its ONNX weights by URL (" + source
                        + "); download them and give the .onnx file as the model");
            }
            ZipEntry weightsEntry = z.getEntry(prefix(rdfEntry) + source.replaceFirst("^\\./", ""));
            if (weightsEntry == null) {
                throw new ModelException("bioimage.io package " + zip + " lacks its ONNX weights '" + source
                        + "' named in rdf.yaml (incomplete package?)");
            }
            byte[] weights = bytes(z, weightsEntry);
            String expected = rdf.get("weights.onnx.sha256");
            if (expected != null && !expected.isBlank() && !expected.equalsIgnoreCase(sha256(weights))) {
                throw new ModelException("bioimage.io package " + zip + ": the ONNX weights '" + source
                        + "' do not match the sha256 in rdf.yaml (corrupt or altered package)");
            }
            String name = rdf.getOrDefault("name", zip.getFileName().toString());
            return new BioimagePackage(zip, name, source, weights);
        } catch (ZipException e) {
            throw new ModelException("model file " + zip + " is not a zip file (corrupt or truncated?): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException("model package " + zip + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** rdf.yaml at the top of the zip, or in its single top folder (a zipped folder). */
    private static ZipEntry rdfEntry(ZipFile z) {
        for (String n : RDF_NAMES) {
            ZipEntry e = z.getEntry(n);
            if (e != null) return e;
        }
        return z.stream()
                .filter(e -> !e.isDirectory())
                .filter(e -> {
                    String[] parts = e.getName().split("/");
                    return parts.length == 2 && (parts[1].equals(RDF_NAMES[0]) || parts[1].equals(RDF_NAMES[1]));
                })
                .findFirst().orElse(null);
    }

    private static String prefix(ZipEntry rdf) {
        int slash = rdf.getName().lastIndexOf('/');
        return slash < 0 ? "" : rdf.getName().substring(0, slash + 1);
    }

    private static String weightFormats(Map<String, String> rdf) {
        String formats = rdf.keySet().stream()
                .filter(k -> k.startsWith("weights.") && k.indexOf('.', 8) > 0)
                .map(k -> k.substring(8, k.indexOf('.', 8)))
                .distinct()
                .reduce((a, b) -> a + ", " + b).orElse("none");
        return formats;
    }

    private static byte[] bytes(ZipFile z, ZipEntry e) throws IOException {
        try (InputStream in = z.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
