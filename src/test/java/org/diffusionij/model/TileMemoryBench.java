package org.diffusionij.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

import org.diffusionij.control.CancelToken;

/**
 * Not a test: native memory of network calls per tile, for sizing tiles per call. Runs batches
 * of 1, 2, 4, ... tiles of TILE² in increasing order in one process and prints the process's peak
 * resident memory (VmHWM) after each; the growth per added tile is what a tile costs.
 * Usage: {@code java -cp ... org.diffusionij.task.TileMemoryBench MODEL.onnx TILE MAXBATCH}.
 */
public final class TileMemoryBench {

    public static void main(String[] args) throws IOException {
        Path file = Paths.get(args[0]);
        int tile = Integer.parseInt(args[1]), max = Integer.parseInt(args[2]);
        try (OnnxEpsModel model = OnnxEpsModel.load(file, Device.CPU, Map.of(), OnnxEpsModel.defaultThreads(),
                System.err::println)) {
            System.out.printf(Locale.ROOT, "tile %d: after load VmHWM %d MiB%n", tile, peakKib() / 1024);
            long before = peakKib();
            for (int b = 1; b <= max; b *= 2) {
                float[] x = new float[b * tile * tile], t = new float[b], eps = new float[x.length];
                java.util.Arrays.fill(t, 100);
                model.predict(x, t, b, tile, tile, eps, CancelToken.none());
                long now = peakKib();
                System.out.printf(Locale.ROOT, "  batch %2d: VmHWM %5d MiB (+%d MiB over the previous batch)%n", b,
                        now / 1024, (now - before) / 1024);
                before = now;
            }
        }
    }

    static long peakKib() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
