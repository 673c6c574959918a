package org.diffusionij.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small line plot (several named series, optional log x axis) drawn with java.awt to PNG. */
public final class LinePlot {

    private static final Color[] COLOURS = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0x7f7f7f)};

    private record Series(String name, double[] x, double[] y, boolean dashed) {
    }

    private final String title, xLabel, yLabel;
    private final boolean logX;
    private final List<Series> series = new ArrayList<>();

    public LinePlot(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    /** Adds a series; NaN points are skipped. */
    public LinePlot series(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /** A dashed horizontal reference line (a floor or a target) across the x range. */
    public LinePlot reference(String name, double y) {
        return add(name, new double[0], new double[] {y}, true);
    }

    private LinePlot add(String name, double[] x, double[] y, boolean dashed) {
        series.add(new Series(name, x.clone(), y.clone(), dashed));
        return this;
    }

    public void write(Path file) throws IOException {
        int w = 640, h = 400, left = 70, right = 170, top = 30, bottom = 50;
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.x) if (Double.isFinite(v)) { xmin = Math.min(xmin, tx(v)); xmax = Math.max(xmax, tx(v)); }
            for (double v : s.y) if (Double.isFinite(v)) { ymin = Math.min(ymin, v); ymax = Math.max(ymax, v); }
        }
        if (!(xmin <= xmax)) { xmin = 0; xmax = 1; }
        if (!(ymin <= ymax)) { ymin = 0; ymax = 1; }
        if (xmax - xmin < 1e-12) { xmin -= 0.5; xmax += 0.5; }
        double pad = Math.max((ymax - ymin) * 0.08, 1e-9);
        ymin -= pad;
        ymax += pad;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int pw = w - left - right, ph = h - top - bottom;
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        for (int i = 0; i <= 4; i++) {
            double yv = ymin + (ymax - ymin) * i / 4;
            int py = top + ph - (int) Math.round(ph * i / 4.0);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left + 1, py, left + pw - 1, py);
            g.setColor(Color.BLACK);
            String label = MarkdownTable.num(yv, Math.abs(ymax - ymin) < 1 ? 3 : 1);
            g.drawString(label, left - 6 - fm.stringWidth(label), py + 4);
        }
        List<Double> ticks = new ArrayList<>();
        for (Series s : series) for (double v : s.x) if (!ticks.contains(v)) ticks.add(v);
        for (double v : ticks) {
            int px = left + (int) Math.round(pw * (tx(v) - xmin) / (xmax - xmin));
            String label = v == Math.rint(v) ? Long.toString((long) v) : MarkdownTable.num(v, 2);
            g.drawLine(px, top + ph, px, top + ph + 4);
            g.drawString(label, px - fm.stringWidth(label) / 2, top + ph + 16);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title, left, top - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(xLabel + (logX ? " (log scale)" : ""), left + pw / 2 - fm.stringWidth(xLabel) / 2, h - 12);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + ph / 2 + fm.stringWidth(yLabel) / 2), 16);
        g.setTransform(saved);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(COLOURS[k % COLOURS.length]);
            if (s.dashed) {
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                int py = top + ph - (int) Math.round(ph * (s.y[0] - ymin) / (ymax - ymin));
                g.drawLine(left, py, left + pw, py);
            } else {
                g.setStroke(new BasicStroke(2f));
                int lastX = -1, lastY = -1;
                for (int i = 0; i < s.x.length; i++) {
                    if (!Double.isFinite(s.y[i]) || !Double.isFinite(s.x[i])) continue;
                    int px = left + (int) Math.round(pw * (tx(s.x[i]) - xmin) / (xmax - xmin));
                    int py = top + ph - (int) Math.round(ph * (s.y[i] - ymin) / (ymax - ymin));
                    g.fillOval(px - 3, py - 3, 7, 7);
                    if (lastX >= 0) g.drawLine(lastX, lastY, px, py);
                    lastX = px;
                    lastY = py;
                }
            }
            int ly = top + 12 + 16 * k;
            g.drawLine(left + pw + 10, ly - 4, left + pw + 30, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name, left + pw + 36, ly);
        }
        g.dispose();
        BenchFiles.writePng(file, img);
    }

    private double tx(double v) {
        return logX ? Math.log10(v) : v;
    }
}
