package org.diffusionij.command;

import java.awt.GraphicsEnvironment;

import ij.IJ;

/**
 * In a running ImageJ/Fiji window, turns a press of Esc (ImageJ's way to stop a plugin) into a
 * cancel: a daemon thread polls {@link IJ#escapePressed()} every 100 ms while a command runs.
 * Headless, or with no ImageJ window, it does nothing.
 */
final class EscapeWatcher implements AutoCloseable {

    private static final long POLL_MILLIS = 100;

    private final Thread thread;
    private volatile boolean closed;

    private EscapeWatcher(Runnable onEscape) {
        if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) {
            thread = null;
            return;
        }
        IJ.resetEscape();
        thread = new Thread(() -> {
            while (!closed) {
                if (IJ.escapePressed()) {
                    onEscape.run();
                    return;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "Diffusion-IJ Esc watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching; close the result when the command ends. */
    static EscapeWatcher start(Runnable onEscape) {
        return new EscapeWatcher(onEscape);
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}
