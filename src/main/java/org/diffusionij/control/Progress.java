package org.diffusionij.control;

/** Receives progress of a long job: {@code done} of {@code total} units (network calls). */
@FunctionalInterface
public interface Progress {

    void update(long done, long total, String message);

    /** Progress that goes nowhere. */
    static Progress none() {
        return (done, total, message) -> { };
    }
}
