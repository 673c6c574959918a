package org.diffusionij.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of grey images with column titles (e.g. input / baseline / ours / reference, one row per
 * example), drawn with java.awt and saved as PNG. Values are shown on [0, 1], clipped; pixels of
 * an optional mask are drawn red (the hole of an inpainting input).
 */
public final class ImagePanel {

    private final List<String> titles;
    private final int size;
    private final int scale;
    private final List<Cell[]> rows = new ArrayList<>();

    private record Cell(float[] pixels, int h, int w, boolean[] mask) {
    }

    /** Cells are drawn at {@code size x size} screen pixels each, images scaled to fit (nearest). */
    public ImagePanel(int size, int scale, String... titles) {
        this.titles = List.of(titles);
        this.size = size;
        this.scale = scale;
    }

    /**
     * Adds a row of square images of side {@code side}; one per column. Each element is a float[]
     * (grey, [0, 1]) or an Object[]{float[], boolean[] mask}.
     */
    public ImagePanel row(int side, Object... images) {
        if (images.length != titles.size()) {
            throw new IllegalArgumentException("row has " + images.length + " images, panel has " + titles.size() + " columns");
        }
        Cell[] r = new Cell[images.length];
        for (int i = 0; i < images.length; i++) {
            if (images[i] instanceof Object[] pair) {
                float[] px = (float[]) pair[0];
                int s = (int) Math.round(Math.sqrt(px.length));
                r[i] = new Cell(px, s, s, (boolean[]) pair[1]);
            } else {
                float[] px = (float[]) images[i];
                int s = (int) Math.round(Math.sqrt(px.length));
                r[i] = new Cell(px, s, s, null);
            }
        }
        rows.add(r);
        return this;
    }

    public void write(Path file) throws IOException {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        int widest = titles.stream().mapToInt(fm::stringWidth).max().orElse(0);
        int cell = Math.max(size * scale, widest + 6), gap = 4, header = 18;
        int width = titles.size() * (cell + gap) + gap;
        int height = header + rows.size() * (cell + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(font);
        for (int c = 0; c < titles.size(); c++) {
            String t = titles.get(c);
            int x = gap + c * (cell + gap) + (cell - fm.stringWidth(t)) / 2;
            g.drawString(t, Math.max(x, gap + c * (cell + gap)), header - 5);
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < titles.size(); c++) {
                Cell cl = rows.get(r)[c];
                int x0 = gap + c * (cell + gap), y0 = header + r * (cell + gap);
                for (int y = 0; y < cell; y++) {
                    for (int x = 0; x < cell; x++) {
                        int sy = y * cl.h / cell, sx = x * cl.w / cell, i = sy * cl.w + sx;
                        int rgb;
                        if (cl.mask != null && cl.mask[i]) {
                            rgb = 0xd03030;
                        } else {
                            int v = (int) Math.round(Math.min(Math.max(cl.pixels[i], 0f), 1f) * 255);
                            rgb = (v << 16) | (v << 8) | v;
                        }
                        img.setRGB(x0 + x, y0 + y, rgb);
                    }
                }
            }
        }
        g.dispose();
        BenchFiles.writePng(file, img);
    }
}
