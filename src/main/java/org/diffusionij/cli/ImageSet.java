package org.diffusionij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;

/**
 * A set of grey images for a feature network, read from a folder of image files (each may be a
 * stack) or one stack, mapped from [low, high] to [-1, 1] and brought to the network's size S:
 * S x S as is, 28x28 centred on 32x32 with background low (Fashion-MNIST's convention), or an
 * exact divisor of S upsampled by pixel replication.
 */
record ImageSet(float[] pixels, int count, int size) {

    private static final List<String> EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".pgm");

    static ImageSet read(Path path, int size, double low, double high) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                        .sorted().forEach(files::add);
            }
            if (files.isEmpty()) throw new IOException("folder " + path + " holds no image files (" + EXTENSIONS + ")");
        } else {
            files.add(path);
        }
        List<float[]> planes = new ArrayList<>();
        for (Path f : files) {
            FloatStack st = ImageFiles.read(f);
            if (st.c() != 1) {
                throw new IllegalArgumentException(f + " has " + st.c() + " channels; the feature network takes grey images");
            }
            for (int i = 0; i < st.n(); i++) {
                float[] plane = new float[st.h() * st.w()];
                System.arraycopy(st.data(), st.offset(i, 0), plane, 0, plane.length);
                planes.add(fit(plane, st.h(), st.w(), size, low, high, f));
            }
        }
        float[] all = new float[planes.size() * size * size];
        for (int i = 0; i < planes.size(); i++) System.arraycopy(planes.get(i), 0, all, i * size * size, size * size);
        return new ImageSet(all, planes.size(), size);
    }

    private static float[] fit(float[] p, int h, int w, int size, double low, double high, Path file) {
        float[] out = new float[size * size];
        double scale = 2 / (high - low);
        if (h == w && size % h == 0) {
            int f = size / h;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) out[y * size + x] = (float) ((p[(y / f) * w + x / f] - low) * scale - 1);
            }
            return out;
        }
        if (h == 28 && w == 28 && size == 32) {
            java.util.Arrays.fill(out, -1f);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) out[(y + 2) * size + x + 2] = (float) ((p[y * w + x] - low) * scale - 1);
            }
            return out;
        }
        throw new IllegalArgumentException(file + " holds " + w + "x" + h + " images; the feature network takes " + size
                + "x" + size + " (or 28x28 for 32, or an exact divisor, upsampled)");
    }
}
