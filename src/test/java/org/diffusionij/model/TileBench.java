package org.diffusionij.model;

import org.diffusionij.task.DenoiseTask;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.diffusionij.control.CancelToken;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.FashionMnist;

/**
 * Not a test: quality and cost of tiling on one large image, for choosing {@link TiledEpsModel}'s
 * defaults. The image gets Gaussian noise of {@code SIGMA} (0..255 units); each tiling runs ONE
 * network call per tile at the matching timestep and forms the posterior mean (Tweedie)
 * x̂0 = y − σ ε̂ (x_t = √ᾱ y, σ² = (1−ᾱ)/ᾱ). Reported per (tile, overlap): PSNR against the clean
 * image, PSNR against the same estimate from one untiled call on the whole image, a seam ratio
 * (RMS of tiled − untiled within 2 px of a tile edge, over the RMS elsewhere: 1 means the tile
 * edges are not special), the share of computed pixels that are output pixels, and wall time.
 * The |tiled − untiled| maps of the first tile size are written as one PNG figure.
 *
 * <p>Usage: {@code java -cp ... org.diffusionij.task.TileBench MODEL.onnx mosaic|PNG SIGMA TILES OVERLAPS
 * BATCH OUT.png}, TILES and OVERLAPS comma lists, e.g. {@code 128 0,4,8,16}.
 */
public final class TileBench {

    public static void main(String[] args) throws IOException {
        Path file = Paths.get(args[0]);
        float[] clean;
        int h, w;
        if (args[1].equals("mosaic")) {
            h = w = 512;
            clean = mosaic(16);
        } else {
            BufferedImage img = ImageIO.read(Paths.get(args[1]).toFile());
            h = img.getHeight();
            w = img.getWidth();
            clean = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    double g = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                    clean[y * w + x] = (float) (g / 127.5 - 1);
                }
            }
        }
        double sigma = Double.parseDouble(args[2]) / 127.5;
        int[] tiles = ints(args[3]), overlaps = ints(args[4]);
        int batch = Integer.parseInt(args[5]);
        Path figure = Paths.get(args[6]);
        try (OnnxEpsModel model = OnnxEpsModel.load(file, Device.CPU, Map.of(), OnnxEpsModel.defaultThreads(),
                System.err::println)) {
            NoiseSchedule schedule = NoiseSchedule.fromAlphasCumprod(model.metadata().alphasCumprod());
            double t = DenoiseTask.startTimestep(schedule, sigma);
            double abar = schedule.alphaBar(t);
            float[] noisy = new float[h * w], xt = new float[h * w];
            new GaussianNoise(7).fill(noisy);
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] = (float) (clean[i] + sigma * noisy[i]);
                xt[i] = (float) (Math.sqrt(abar) * noisy[i]);
            }
            System.out.printf(Locale.ROOT, "%s %dx%d, sigma %s/255 (%.4f model units), t = %.1f, noisy PSNR %.2f dB, "
                            + "%s, load %s%n", args[1], h, w, args[2], sigma, t,
                    Psnr.compute(clip(noisy), clean, 2), model.device(), load());
            long t0 = System.nanoTime();
            float[] whole = denoise(model, xt, noisy, t, sigma, h, w);
            double wholeMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "untiled (one call on the whole image): PSNR %.2f dB, %.0f ms%n",
                    Psnr.compute(whole, clean, 2), wholeMs);
            System.out.println("tile overlap | PSNR clean | PSNR vs untiled | seam ratio | output/computed px | calls | ms");
            List<float[]> maps = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int tile : tiles) {
                for (int overlap : overlaps) {
                    if (overlap >= tile) continue;
                    TiledEpsModel tiled = new TiledEpsModel(model, tile, overlap, batch);
                    CountingModel counting = new CountingModel(model);
                    TiledEpsModel counted = new TiledEpsModel(counting, tile, overlap, batch);
                    long s0 = System.nanoTime();
                    float[] out = denoise(counted, xt, noisy, t, sigma, h, w);
                    double ms = (System.nanoTime() - s0) / 1e6;
                    TileAxis rows = new TileAxis(h, tile, overlap, model.metadata().sizeMultiple());
                    TileAxis cols = new TileAxis(w, tile, overlap, model.metadata().sizeMultiple());
                    System.out.printf(Locale.ROOT, "%4d %3d | %6.2f | %6.2f | %5.2f | %5.1f %% | %d | %.0f%n", tile, overlap,
                            Psnr.compute(out, clean, 2), Psnr.compute(out, whole, 2), seamRatio(out, whole, rows, cols),
                            100.0 * h * w / counting.pixels, counting.calls, ms);
                    if (tile == tiles[0]) {
                        float[] d = new float[out.length];
                        for (int i = 0; i < d.length; i++) d[i] = Math.abs(out[i] - whole[i]);
                        maps.add(d);
                        labels.add("tile " + tile + ", overlap " + overlap);
                    }
                    tiled.close();
                }
            }
            writeFigure(figure, maps, labels, h, w, args[1] + ", sigma " + args[2]
                    + ": |tiled - untiled| of the one-call posterior mean, black 0, white >= 0.1 (5 % of the [-1, 1] range)");
            System.out.println("figure " + figure + "; load " + load());
        }
    }

    static float[] denoise(EpsModel model, float[] xt, float[] noisy, double t, double sigma, int h, int w) {
        float[] eps = new float[xt.length];
        model.predict(xt, new float[] {(float) t}, 1, h, w, eps, CancelToken.none());
        float[] out = new float[xt.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.max(-1, Math.min(1, noisy[i] - sigma * eps[i]));
        return out;
    }

    /** RMS of (a − b) within 2 px of a tile's interior edge, over the RMS everywhere else. */
    static double seamRatio(float[] a, float[] b, TileAxis rows, TileAxis cols) {
        boolean[] nearY = nearEdges(rows), nearX = nearEdges(cols);
        double in = 0, out = 0;
        long nIn = 0, nOut = 0;
        int w = cols.length;
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                double d = a[y * w + x] - b[y * w + x];
                if (nearY[y] || nearX[x]) {
                    in += d * d;
                    nIn++;
                } else {
                    out += d * d;
                    nOut++;
                }
            }
        }
        if (nIn == 0 || nOut == 0 || out == 0) return Double.NaN;
        return Math.sqrt(in / nIn) / Math.sqrt(out / nOut);
    }

    private static boolean[] nearEdges(TileAxis axis) {
        boolean[] near = new boolean[axis.length];
        for (int j = 0; j < axis.count(); j++) {
            for (int edge : new int[] {axis.origin[j], axis.origin[j] + axis.extent - 1}) {
                if (edge <= 0 || edge >= axis.length - 1) continue;
                for (int d = -2; d <= 2; d++) {
                    int p = edge + d;
                    if (p >= 0 && p < axis.length) near[p] = true;
                }
            }
        }
        return near;
    }

    /** side x side Fashion-MNIST test images, each 28x28 padded to 32x32 with black as in training, in [-1, 1], shifted. */
    static float[] mosaic(int side) {
        int[][] images = FashionMnist.testImages(side * side);
        int size = 32 * side;
        float[] out = new float[size * size];
        java.util.Arrays.fill(out, -1f);
        for (int k = 0; k < images.length; k++) {
            // shifted by 16 px (wrapping) so that no tile grid lines up with the 32 px cells
            int oy = k / side * 32 + 2 + 16, ox = k % side * 32 + 2 + 16;
            for (int p = 0; p < 28 * 28; p++) {
                out[(oy + p / 28) % size * size + (ox + p % 28) % size] = images[k][p] / 127.5f - 1;
            }
        }
        return out;
    }

    static void writeFigure(Path file, List<float[]> maps, List<String> labels, int h, int w, String title)
            throws IOException {
        int pad = 24, top = 40;
        BufferedImage img = new BufferedImage(maps.size() * (w + 8), h + top + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(title, 4, 16);
        for (int k = 0; k < maps.size(); k++) {
            int ox = k * (w + 8);
            g.drawString(labels.get(k), ox + 4, top - 6);
            float[] d = maps.get(k);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = (int) Math.min(255, d[y * w + x] * 10 * 255);
                    img.setRGB(ox + x, top + y, v << 16 | v << 8 | v);
                }
            }
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    static float[] clip(float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.max(-1, Math.min(1, out[i]));
        return out;
    }

    static int[] ints(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i].trim());
        return out;
    }

    static String load() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Counts network calls and pixels computed. */
    static final class CountingModel implements EpsModel {
        final EpsModel base;
        long calls, pixels;

        CountingModel(EpsModel base) {
            this.base = base;
        }

        @Override
        public org.diffusionij.model.ModelMetadata metadata() {
            return base.metadata();
        }

        @Override
        public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
            calls++;
            pixels += (long) n * h * w;
            base.predict(x, t, n, h, w, eps, cancel);
        }

        @Override
        public String device() {
            return base.device();
        }

        @Override
        public void close() {
        }
    }
}
