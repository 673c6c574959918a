package org.diffusionij.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Cooperative cancellation shared by a long job and whoever may stop it (a dialog's Cancel
 * button, Ctrl-C). Listeners let a blocking call in flight (an ONNX Runtime run) be terminated
 * from another thread instead of waiting for it to finish.
 */
public final class CancelToken {

    private volatile boolean cancelled;
    private final List<Runnable> listeners = new ArrayList<>();

    /** Asks the job to stop; safe to call from any thread, more than once. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (listeners) {
            if (cancelled) return;
            cancelled = true;
            toRun = new ArrayList<>(listeners);
        }
        toRun.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} if {@link #cancel()} was called. */
    public void throwIfCancelled() {
        if (cancelled) throw new CancelledException();
    }

    /**
     * Runs {@code listener} on cancel (at once if already cancelled) until the returned handle is
     * closed; used around one blocking call.
     */
    public AutoCloseable onCancel(Runnable listener) {
        boolean runNow;
        synchronized (listeners) {
            runNow = cancelled;
            if (!runNow) listeners.add(listener);
        }
        if (runNow) listener.run();
        return () -> {
            synchronized (listeners) {
                listeners.remove(listener);
            }
        };
    }

    /** A token nobody cancels. */
    public static CancelToken none() {
        return new CancelToken();
    }
}
