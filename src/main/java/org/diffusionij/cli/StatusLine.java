package org.diffusionij.cli;

import java.io.PrintWriter;

/**
 * One line on a terminal that is redrawn in place (carriage return, then blanks over what is
 * left of a longer previous text): the launcher's progress lines. Callers draw only on a
 * terminal; {@link #finish} ends the line so later output starts on a fresh one.
 */
final class StatusLine {

    private final PrintWriter err;
    private int lastWidth;

    StatusLine(PrintWriter err) {
        this.err = err;
    }

    /** Replaces the line with {@code text}. */
    void draw(String text) {
        int pad = Math.max(0, lastWidth - text.length());
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
        lastWidth = text.length();
    }

    /** Blanks the line, so a line of its own can be printed there. */
    void clear() {
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    /** Ends a drawn line with a newline. */
    void finish() {
        if (lastWidth > 0) {
            err.println();
            err.flush();
        }
        lastWidth = 0;
    }
}
