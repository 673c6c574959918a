package org.diffusionij.bench;

import java.util.SplittableRandom;

/** The degradations the benchmark applies to clean images: noise, average pooling, masks. */
public final class Degradations {

    private Degradations() {
    }

    /**
     * A new image: {@code clean} plus Gaussian noise of standard deviation sigma (in data units);
     * not clipped, so the noise is exactly Gaussian with the stated σ.
     */
    public static float[] addGaussianNoise(float[] clean, double sigma, SplittableRandom random) {
        float[] out = new float[clean.length];
        for (int i = 0; i < clean.length; i++) out[i] = (float) (clean[i] + sigma * gaussian(random));
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u, v, s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Mean of each factor x factor block: the super-resolution forward operator. */
    public static float[] averagePool(float[] plane, int h, int w, int factor) {
        if (factor < 1 || h % factor != 0 || w % factor != 0) {
            throw new IllegalArgumentException("cannot average-pool " + h + "x" + w + " by " + factor);
        }
        int oh = h / factor, ow = w / factor;
        float[] out = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) s += plane[(y * factor + dy) * w + x * factor + dx];
                }
                out[y * ow + x] = (float) (s / (factor * factor));
            }
        }
        return out;
    }

    /** A centred square hole of side ⌊3·size/8⌋ (12x12 on 32x32, 14% of the pixels). */
    public static boolean[] centreBox(int size) {
        int side = 3 * size / 8, start = (size - side) / 2;
        boolean[] hole = new boolean[size * size];
        for (int y = start; y < start + side; y++) {
            for (int x = start; x < start + side; x++) hole[y * size + x] = true;
        }
        return hole;
    }

    /**
     * Random brush strokes: a few random walks drawn with a round brush, seeded, covering roughly
     * a fifth to a quarter of a size x size image.
     */
    public static boolean[] randomStrokes(int size, SplittableRandom random) {
        boolean[] hole = new boolean[size * size];
        double brush = Math.max(1.0, size / 16.0); // radius: 2 px on 32x32
        int strokes = 3 + random.nextInt(2);
        for (int s = 0; s < strokes; s++) {
            double x = random.nextDouble() * size, y = random.nextDouble() * size;
            double angle = random.nextDouble() * 2 * Math.PI;
            int segments = 4 + random.nextInt(4);
            for (int k = 0; k < segments; k++) {
                angle += (random.nextDouble() - 0.5) * Math.PI;
                double len = size / 8.0 + random.nextDouble() * size / 8.0;
                for (double t = 0; t <= len; t += 0.5) {
                    double cx = x + t * Math.cos(angle), cy = y + t * Math.sin(angle);
                    stamp(hole, size, cx, cy, brush);
                }
                x = Math.min(Math.max(x + len * Math.cos(angle), 0), size - 1);
                y = Math.min(Math.max(y + len * Math.sin(angle), 0), size - 1);
            }
        }
        return hole;
    }

    private static void stamp(boolean[] hole, int size, double cx, double cy, double r) {
        for (int y = (int) Math.floor(cy - r); y <= (int) Math.ceil(cy + r); y++) {
            for (int x = (int) Math.floor(cx - r); x <= (int) Math.ceil(cx + r); x++) {
                if (x < 0 || y < 0 || x >= size || y >= size) continue;
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r * r) hole[y * size + x] = true;
            }
        }
    }

    /** Fraction of true entries. */
    public static double coverage(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        return (double) n / mask.length;
    }
}
