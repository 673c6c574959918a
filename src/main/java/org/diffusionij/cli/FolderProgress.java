package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a folder run on stderr: files done of the files to do, failures, files per
 * second and the time left (from the mean time per file so far). On a terminal one line is
 * redrawn; otherwise (a log file, a cluster job's output) each file gets one line as it ends.
 * A failed file always gets its own line naming it and why.
 */
final class FolderProgress {

    private final PrintWriter err;
    private final StatusLine line;
    private final String name;
    private final boolean terminal;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int failed;

    /** @param total files this run processes (skipped ones not counted) */
    FolderProgress(PrintWriter err, String name, boolean terminal, int total) {
        this.err = err;
        this.line = new StatusLine(err);
        this.name = name;
        this.terminal = terminal;
        this.total = total;
    }

    /** Before a file: on a terminal, names the file in progress. */
    void starting(String file) {
        if (terminal) line.draw(status() + "  now: " + file);
    }

    /** A file written in {@code seconds}. */
    void written(String file, double seconds) {
        done++;
        String text = status() + String.format(Locale.ROOT, "  %s %.2f s", file, seconds);
        if (terminal) {
            line.draw(text);
        } else {
            err.println(text);
            err.flush();
        }
    }

    /** A file that failed: its own line, whatever the mode. */
    void failed(String file, String why) {
        done++;
        failed++;
        line.clear();
        err.println(name + ": FAILED " + file + ": " + why);
        err.flush();
        if (terminal) line.draw(status());
    }

    /** Ends the redrawn line, so later output starts on a fresh one. */
    void finish() {
        line.finish();
    }

    /** "denoise: [12/200] 1 failed, 2.31 files/s, ETA 1:13". */
    private String status() {
        StringBuilder s = new StringBuilder(name).append(": [").append(done).append('/').append(total).append(']');
        if (failed > 0) s.append(' ').append(failed).append(" failed,");
        double seconds = (System.nanoTime() - start) / 1e9;
        if (done > 0 && seconds > 0) {
            s.append(String.format(Locale.ROOT, " %.2f files/s, ETA %s", done / seconds,
                    TerminalProgress.clock(seconds / done * (total - done))));
        }
        return s.toString();
    }
}
