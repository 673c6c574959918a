package org.diffusionij.model;

import java.util.function.Consumer;

/**
 * Where loading a model reports what {@code device=auto} chose. A CPU-only ONNX Runtime running
 * on the CPU is what the user installed, so that line is information; a GPU build whose CUDA
 * fails is a warning (the user has a GPU build and loses its speed). A plain {@code Consumer}
 * given to {@link OnnxEpsModel#load} receives both kinds alike.
 */
public interface ModelLog extends Consumer<String> {

    /** Receives a line that needs no attention (e.g. CUDA absent from a CPU-only build). */
    void info(String line);

    /** A log whose information lines go to {@code info} and warnings to {@code warn}. */
    static ModelLog of(Consumer<String> info, Consumer<String> warn) {
        return new ModelLog() {
            @Override
            public void info(String line) {
                info.accept(line);
            }

            @Override
            public void accept(String line) {
                warn.accept(line);
            }
        };
    }

    /** Sends an information line to {@code log}: to its info level when it has one. */
    static void info(Consumer<String> log, String line) {
        if (log instanceof ModelLog) {
            ((ModelLog) log).info(line);
        } else {
            log.accept(line);
        }
    }
}
