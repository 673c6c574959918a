package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --generated/--real} without {@code --classifier} finds the shipped classifier from
 * any working folder (it used to look only under ./models). A JVM of its own, because a running
 * JVM cannot change its working folder.
 */
class EvalFromAnyFolderTest {

    @TempDir
    Path dir;

    private Path stack(String name, long seed) throws IOException {
        Random r = new Random(seed);
        float[] d = new float[6 * 28 * 28];
        for (int i = 0; i < d.length; i++) d[i] = r.nextInt(256);
        Path p = dir.resolve(name);
        ImageFiles.write(p, new FloatStack(d, 6, 1, 28, 28), 8, 0, 255);
        return p;
    }

    @Test
    void theDefaultClassifierIsFoundOutsideTheRepository() throws Exception {
        Path gen = stack("g.tif", 1), real = stack("r.tif", 2);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.diffusionij.cli.Main", "eval", "--generated", gen.toString(), "--real", real.toString(),
                "--kid-subsets", "2", "--threads", "1")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "eval finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Path shipped = Paths.get("models", "fashion-mnist-classifier.onnx").toAbsolutePath().normalize();
        assertTrue(out.contains("from " + shipped), out);
        assertEquals(List.of("g.tif", "r.tif"), Files.list(dir).map(f -> f.getFileName().toString()).sorted().toList(),
                "nothing written");
    }
}
