package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One updating line on the terminal: network step, images per second and the time left,
 * redrawn at most a few times a second.
 */
final class TerminalProgress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastWidth;

    TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /**
     * Reports {@code step} of {@code steps} in batch {@code batch} of {@code batches}, with
     * {@code imagesDone} of {@code images} finished and {@code fraction} of all work done.
     */
    void update(int step, int steps, int batch, int batches, double fraction, int images) {
        if (!enabled) return;
        long now = System.nanoTime();
        boolean last = fraction >= 1;
        if (!last && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        StringBuilder line = new StringBuilder("step ").append(step).append('/').append(steps);
        if (batches > 1) line.append(" of batch ").append(batch).append('/').append(batches);
        if (fraction > 0 && seconds > 0) {
            line.append(String.format(Locale.ROOT, "  %.2f images/s", fraction * images / seconds));
            line.append("  ETA ").append(clock(seconds * (1 - fraction) / fraction));
        }
        String text = line.toString();
        int pad = Math.max(0, lastWidth - text.length());
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
        lastWidth = text.length();
    }

    /** Ends the line (so later output starts on a fresh one). */
    void finish() {
        if (enabled && lastWidth > 0) {
            err.println();
            err.flush();
        }
        lastWidth = 0;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
