package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import org.diffusionij.image.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which model a launcher run uses when --model is not given: the image subcommands restore with the
 * prior of real images (general), not the garment prior that generate draws from.
 */
class DefaultModelsCliTest {

    @TempDir
    Path dir;

    private byte[] denoise(String name, String... model) throws Exception {
        Path out = dir.resolve(name + ".tif");
        String[] args = {"denoise", "--in", noisy().toString(), "--out", out.toString(), "--sigma", "20",
                "--device", "cpu", "--threads", "1"};
        String[] all = Arrays.copyOf(args, args.length + model.length);
        System.arraycopy(model, 0, all, args.length, model.length);
        MainTest.Run r = MainTest.run(all);
        assertEquals(Main.OK, r.code(), r.err());
        return Files.readAllBytes(out);
    }

    private Path noisy() throws Exception {
        Path p = dir.resolve("noisy.tif");
        if (Files.exists(p)) return p;
        ByteProcessor bp = new ByteProcessor(40, 36);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 40; x++) bp.set(x, y, Math.max(1, Math.min(254, 60 + 3 * x + rnd.nextInt(-20, 21))));
        }
        ImageFiles.writeTiff(p, new ImagePlus("noisy", bp));
        return p;
    }

    @Test
    void denoiseWithoutModelUsesTheGeneralPrior() throws Exception {
        byte[] byDefault = denoise("default");
        assertArrayEquals(byDefault, denoise("empty", "--model", ""), "an empty --model (a script's unset variable) too");
        assertArrayEquals(denoise("general", "--model", "general"), byDefault,
                "no --model must mean --model general for the image subcommands");
        assertFalse(Arrays.equals(denoise("fashion", "--model", "fashion-mnist-32"), byDefault),
                "the garment prior gives another result, so the test tells the two apart");
    }

    @Test
    void poissonGaussianRefusesARangeItCannotApply() throws Exception {
        MainTest.Run r = MainTest.run("denoise", "--in", noisy().toString(), "--out", dir.resolve("x.tif").toString(),
                "--noise", "poisson-gaussian", "--range", "0,255", "--device", "cpu", "--threads", "1");
        r.assertBadInput("range applies to Gaussian noise", "leave range=auto");
        assertFalse(Files.exists(dir.resolve("x.tif")));
    }
}
