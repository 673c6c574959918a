package org.diffusionij.baseline;

import java.util.Arrays;
import org.diffusionij.tensor.Mirror;

/** Median of a square size x size window (size odd), half-sample reflection at the borders. */
public final class MedianFilter {

    private MedianFilter() {
    }

    /** A new plane: the windowed median of {@code plane} (h x w, row-major; not modified). */
    public static float[] apply(float[] plane, int h, int w, int size) {
        Planes.check(plane, h, w);
        if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("window size must be odd and >= 1, got " + size);
        int r = size / 2;
        float[] window = new float[size * size];
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = 0;
                for (int dy = -r; dy <= r; dy++) {
                    int row = Mirror.index(y + dy, h) * w;
                    for (int dx = -r; dx <= r; dx++) window[n++] = plane[row + Mirror.index(x + dx, w)];
                }
                Arrays.sort(window);
                out[y * w + x] = window[window.length / 2];
            }
        }
        return out;
    }
}
