package org.diffusionij.control;

import java.util.Locale;

/**
 * What to tell a user whose run ran out of Java memory. Where the memory limit is set depends on
 * how the run was started: Fiji's window has Edit › Options › Memory &amp; Threads; headless (the
 * launcher, Fiji --headless, a batch macro) there is no such menu and only the JVM's -Xmx counts.
 */
public final class OutOfMemoryAdvice {

    private OutOfMemoryAdvice() {
    }

    /**
     * The one-line message.
     *
     * @param task        the run, e.g. "Denoise"
     * @param fijiWindow  true when ImageJ's main window is open ({@code ij.IJ.getInstance() != null})
     * @param maxHeap     the JVM's limit in bytes ({@code Runtime.getRuntime().maxMemory()})
     */
    public static String message(String task, boolean fijiWindow, long maxHeap) {
        String limit = maxHeap < 1L << 30 ? (maxHeap >> 20) + " MiB"
                : String.format(Locale.ROOT, "%.1f GiB", maxHeap / (double) (1L << 30));
        String more = fijiWindow
                ? "give ImageJ more memory (Edit > Options > Memory & Threads)"
                : "start Java with more memory (-Xmx; for the launcher JAVA_OPTS=-Xmx" + suggestion(maxHeap) + ")";
        return "Not enough memory for " + task + " (Java may use " + limit + "): " + more
                + ", or run it on fewer planes or a smaller image.";
    }

    /** The current JVM's message; {@code fijiWindow} as for {@link #message(String, boolean, long)}. */
    public static String message(String task, boolean fijiWindow) {
        return message(task, fijiWindow, Runtime.getRuntime().maxMemory());
    }

    /** Twice the current limit, in whole GiB (at least 2). */
    private static String suggestion(long maxHeap) {
        long gib = Math.max(2, (2 * maxHeap + (1L << 30) - 1) >> 30);
        return gib + "g";
    }
}
