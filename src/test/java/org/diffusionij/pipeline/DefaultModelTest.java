package org.diffusionij.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.diffusionij.model.ModelException;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultModelTest {

    @Test
    void extractsOnceByContentHashAndReusesTheFile(@TempDir Path dir) throws Exception {
        Path a = DefaultModel.extract("/golden/tiny.onnx", dir);
        assertTrue(a.getFileName().toString().matches("tiny-[0-9a-f]{12}\\.onnx"), a.toString());
        assertArrayEquals(Files.readAllBytes(TestFiles.resource("/golden/tiny.onnx")), Files.readAllBytes(a));
        // A rewrite renames a new file over the old one: a new file key (inode), whatever the clock's resolution.
        Object key = Files.readAttributes(a, BasicFileAttributes.class).fileKey();
        Path b = DefaultModel.extract("/golden/tiny.onnx", dir);
        assertEquals(a, b);
        assertEquals(key, Files.readAttributes(b, BasicFileAttributes.class).fileKey()); // not rewritten
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count()); // no temporary file left behind
        }
    }

    @Test
    void fallsBackToTheNextFolderWhenOneIsNotWritable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x"); // a file cannot be a folder
        Path ok = dir.resolve("ok");
        Path p = DefaultModel.extract("/golden/tiny.onnx", file, ok);
        assertEquals(ok, p.getParent());
    }

    @Test
    void aMissingResourceSaysHowToGiveAModel(@TempDir Path dir) {
        ModelException e = assertThrows(ModelException.class, () -> DefaultModel.extract("/models/none.onnx", dir));
        assertTrue(e.getMessage().contains("model=["), e.getMessage());
    }
}
