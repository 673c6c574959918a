package org.diffusionij.control;

/** Thrown out of a job that was cancelled; no output was produced. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled");
    }
}
