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
     * The one device parser of the menus, macros and launcher: {@code auto}, {@code cpu}, and
     * {@code cuda} or its alias {@code gpu} (any case); empty means {@code auto}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Device parse(String name) {
        String d = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (d) {
            case "":
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
            case "cuda":
                return CUDA;
            default:
                throw new IllegalArgumentException("unknown device '" + name + "': use auto, cpu or gpu (cuda)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
