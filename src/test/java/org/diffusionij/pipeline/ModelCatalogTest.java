package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.diffusionij.model.Device;
import org.diffusionij.model.ModelException;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.testing.BioimageZips;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    private static final Path TINY = TestFiles.resource("/golden/tiny.onnx");
    private static final Path SHIPPED = Path.of("models", DefaultModel.FILE_NAME);
    private static final Path CLASSIFIER = Path.of("models", "fashion-mnist-classifier.onnx");

    @BeforeAll
    static void cacheInTarget() {
        System.setProperty(DefaultModel.CACHE_PROPERTY, "target/model-cache");
    }

    @Test
    void namesResolveToAModelsFolderThenTheBundledModels(@TempDir Path models) throws Exception {
        Path mine = Files.copy(TINY, models.resolve("mine.onnx"));
        ModelCatalog c = new ModelCatalog(List.of(models), Set.of(DefaultModel.NAME));
        assertEquals(mine, c.resolve("mine"));
        assertEquals(mine, c.resolve(" mine.onnx ")); // a folder's file by its file name
        assertEquals(mine, c.resolve(mine.toString())); // any path
        Path bundled = c.resolve(DefaultModel.NAME); // from the jar (here target/classes), extracted once
        assertArrayEquals(Files.readAllBytes(SHIPPED), Files.readAllBytes(bundled));
        assertEquals(bundled, c.resolve("")); // empty: the default model
        assertEquals(List.of(DefaultModel.NAME, "mine"), c.names()); // the default first
        assertEquals("mine (" + mine + "), " + DefaultModel.NAME + " (bundled)", c.describe());
    }

    @Test
    void fallbackFoldersComeAfterTheBundledModels(@TempDir Path models) throws Exception {
        Files.copy(TINY, models.resolve(DefaultModel.FILE_NAME));
        Path other = Files.copy(TINY, models.resolve("other.onnx"));
        ModelCatalog c = new ModelCatalog(List.of(), Set.of(DefaultModel.NAME), List.of(models));
        assertArrayEquals(Files.readAllBytes(SHIPPED), Files.readAllBytes(c.resolve(DefaultModel.NAME)));
        assertEquals(other, c.resolve("other"));
        assertEquals(List.of(DefaultModel.NAME, "other"), c.names());
    }

    @Test
    void anInstalledCopyReplacesTheBundledModel(@TempDir Path models) throws Exception {
        Path copy = Files.copy(TINY, models.resolve(DefaultModel.FILE_NAME));
        ModelCatalog c = new ModelCatalog(List.of(models), Set.of(DefaultModel.NAME));
        assertEquals(copy, c.resolve(DefaultModel.NAME));
        assertEquals(copy, c.resolve(""));
        assertEquals(1, c.available().size());
    }

    @Test
    void anUnknownNameListsTheAvailableOnesInOneLine(@TempDir Path models) throws Exception {
        Files.copy(TINY, models.resolve("mine.onnx"));
        ModelCatalog c = new ModelCatalog(List.of(models), Set.of(DefaultModel.NAME));
        String m = assertThrows(ModelException.class, () -> c.resolve("genral")).getMessage();
        assertTrue(m.startsWith("unknown model 'genral': available models are mine ("), m);
        assertTrue(m.contains(DefaultModel.NAME + " (bundled)") && m.contains("or give a model file"), m);
        assertFalse(m.contains("\n"), m);
        String f = assertThrows(ModelException.class, () -> c.resolve("/no/such/model.onnx")).getMessage();
        assertTrue(f.startsWith("model file /no/such/model.onnx not found") && f.contains("mine ("), f);
    }

    @Test
    void theListHoldsDiffusionModelsOnlyButAnyFileRunsByName(@TempDir Path models) throws Exception {
        Path classifier = Files.copy(CLASSIFIER, models.resolve("classifier.onnx"));
        Files.writeString(models.resolve("notes.txt"), "not a model");
        ModelCatalog c = new ModelCatalog(List.of(models), Set.of());
        assertTrue(c.available().isEmpty(), c.available().toString());
        assertEquals(classifier, c.resolve("classifier")); // ONNX Runtime and the contract check judge it
        assertTrue(c.describe().startsWith("none"), c.describe());
    }

    @Test
    void aBioimageZipIsAModelByNameAndByPath(@TempDir Path models) throws Exception {
        Path zip = BioimageZips.of(TINY, models.resolve("tinypkg.bioimage.zip"));
        ModelCatalog c = new ModelCatalog(List.of(models), Set.of());
        assertEquals(List.of("tinypkg"), c.names());
        Path onnx = c.resolve("tinypkg");
        assertEquals(onnx, c.resolve(zip.toString()));
        assertTrue(onnx.getFileName().toString().matches("tinypkg-[0-9a-f]{12}\\.onnx"), onnx.toString());
        assertArrayEquals(Files.readAllBytes(TINY), Files.readAllBytes(onnx));
    }

    @Test
    void theShippedModelRunsFromABioimageZip(@TempDir Path models) throws Exception {
        Path zip = BioimageZips.of(SHIPPED, models.resolve("fm.zip"));
        Path onnx = new ModelCatalog(List.of(models), Set.of()).resolve(zip.toString());
        try (OnnxEpsModel m = OnnxEpsModel.load(onnx, Device.CPU, Map.of())) {
            assertEquals(DefaultModel.NAME, m.metadata().name()); // the contract metadata travels in the weights
            assertEquals(1, m.metadata().channels());
        }
    }

    @Test
    void fijisFolderComesFromItsLauncherProperty(@TempDir Path fiji) {
        String old = System.getProperty("imagej.dir");
        System.setProperty("imagej.dir", fiji.toString());
        try {
            assertEquals(fiji.resolve("models"), ModelCatalog.installedFolders().get(0));
        } finally {
            if (old == null) System.clearProperty("imagej.dir");
            else System.setProperty("imagej.dir", old);
        }
    }

    @Test
    void theStandardCatalogHasTheShippedModel() {
        // In a build, the shipped model is both in the repository's models/ and bundled in target/classes.
        assertTrue(ModelCatalog.bundledNames().contains(DefaultModel.NAME), ModelCatalog.bundledNames().toString());
        ModelCatalog c = ModelCatalog.standard();
        assertEquals(DefaultModel.NAME, c.names().get(0));
        assertEquals(DefaultModel.NAME + " (bundled)", c.available().get(0).toString()); // the jar's before the repository's
        assertFalse(c.names().contains("fashion-mnist-classifier"), c.names().toString());
        assertArrayEquals(readAll(SHIPPED), readAll(c.resolve(DefaultModel.NAME)));
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
