package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.diffusionij.control.Progress;

/**
 * One updating line on the terminal: the pipeline's progress message (network step and batch),
 * images per second and the time left, redrawn at most a few times a second.
 */
final class TerminalProgress implements Progress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final StatusLine line;
    private final boolean enabled;
    private final int images;
    private final long start = System.nanoTime();
    private long lastDraw;

    /** @param images how many images the whole run makes, for the images/s figure */
    TerminalProgress(PrintWriter err, boolean enabled, int images) {
        this.line = new StatusLine(err);
        this.enabled = enabled;
        this.images = images;
    }

    @Override
    public void update(long done, long total, String message) {
        if (!enabled || total <= 0) return;
        long now = System.nanoTime();
        double fraction = (double) done / total;
        boolean last = done >= total;
        if (!last && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        if (fraction > 0 && seconds > 0) {
            text.append(String.format(Locale.ROOT, "  %.2f images/s", fraction * images / seconds));
            text.append("  ETA ").append(clock(seconds * (1 - fraction) / fraction));
        }
        line.draw(text.toString());
    }

    /** Ends the line (so later output starts on a fresh one). */
    void finish() {
        line.finish();
    }

    /** Whether stderr is a terminal: the launcher says so (-Ddiffusionij.progress), else a console is there. */
    static boolean interactive() {
        String p = System.getProperty("diffusionij.progress");
        return p != null ? Boolean.parseBoolean(p) : System.console() != null;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
