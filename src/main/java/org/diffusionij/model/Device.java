package org.diffusionij.model;

import java.util.Locale;

/** Where a network runs: {@code auto} tries CUDA and falls back to the CPU, the others insist. */
public enum Device {
    /** CUDA when a session with the CUDA provider is created and one warm-up run succeeds, else CPU. */
    AUTO,
    /** ONNX Runtime's CPU provider. */
    CPU,
    /** ONNX Runtime's CUDA provider; fails with a message naming what is missing when unusable. */
    CUDA;

    /**
     * Parses {@code auto}, {@code cpu} or {@code cuda} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Device parse(String name) {
        if (name != null) {
            for (Device d : values()) {
                if (d.name().equalsIgnoreCase(name.trim())) return d;
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "': use auto, cpu or cuda");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
