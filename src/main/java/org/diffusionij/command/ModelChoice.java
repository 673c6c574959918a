package org.diffusionij.command;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.diffusionij.model.Device;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelCache;
import org.diffusionij.model.OnnxEpsModel;

/**
 * The model and device a command's {@code model} and {@code device} fields name: an empty model
 * means the bundled default. The model is a File with a Browse button in the dialog; a macro that
 * gives options never gets a file chooser for it (SciJava's FilePreprocessor would open one for a
 * lone unset File input), because {@link MacroDefaults} resolves every input a macro leaves out.
 * Devices are {@code auto}, {@code cpu} and {@code gpu} ({@code cuda} accepted too). Sessions come from {@link ModelCache}, so repeated runs reuse one session.
 */
final class ModelChoice {

    /** The model field's widget: a file chooser for opening .onnx files. */
    static final String FILE_STYLE = "open,extensions:onnx";

    /** The device choices shown in dialogs. */
    static final String[] DEVICES = {"auto", "cpu", "gpu"};

    private ModelChoice() {
    }

    /** The model file: the path {@code model}, or the bundled model when it is null or empty. */
    static Path file(String model) {
        if (model == null || model.trim().isEmpty()) return BundledModel.path();
        return Paths.get(model.trim());
    }

    /** The model file: {@code model}, or the bundled model when it is null or its path empty. */
    static Path file(File model) {
        return file(model == null ? null : model.getPath());
    }

    /** Parses a device name; "gpu" means CUDA. */
    static Device device(String name) {
        String d = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        switch (d) {
            case "":
            case "auto":
                return Device.AUTO;
            case "cpu":
                return Device.CPU;
            case "gpu":
            case "cuda":
                return Device.CUDA;
            default:
                throw new IllegalArgumentException("Unknown device '" + name + "': use auto, cpu or gpu.");
        }
    }

    /**
     * A lease on the cached session for these choices; close it when done (the session stays
     * cached). {@code log} receives a line when auto falls back to the CPU.
     */
    static EpsModel open(File model, String device, Consumer<String> log) {
        return ModelCache.open(file(model), device(device), Map.of(), OnnxEpsModel.defaultThreads(), log);
    }

}
