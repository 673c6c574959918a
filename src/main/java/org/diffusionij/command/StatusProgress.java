package org.diffusionij.command;

import org.diffusionij.control.Progress;
import org.scijava.app.StatusService;

/**
 * Task progress shown through SciJava's status service (Fiji's status line and progress bar).
 * Updates closer than 50 ms apart are dropped, except the last one, so a fast network does not
 * flood the event bus.
 */
final class StatusProgress implements Progress {

    private static final long MIN_INTERVAL_NANOS = 50_000_000L;

    private final StatusService status;
    private final String prefix;
    private long last = Long.MIN_VALUE;

    StatusProgress(StatusService status, String prefix) {
        this.status = status;
        this.prefix = prefix;
    }

    @Override
    public void update(long done, long total, String message) {
        long now = System.nanoTime();
        if (done < total && last != Long.MIN_VALUE && now - last < MIN_INTERVAL_NANOS) return;
        last = now;
        // StatusService takes ints; scale both so very long runs still show a fraction.
        int scale = total > Integer.MAX_VALUE ? (int) (total / Integer.MAX_VALUE + 1) : 1;
        String text = prefix + (message == null || message.isEmpty() ? "" : ": " + message);
        status.showStatus((int) (done / scale), (int) (total / scale), text);
    }
}
