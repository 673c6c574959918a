package org.diffusionij.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.model.Device;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelCache;
import org.diffusionij.model.ModelException;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.ModelCatalog;

import picocli.CommandLine.Option;

/** Options every subcommand shares: which model, on which device, with which metadata fixes. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "NAME|FILE",
            description = "a model name (bundled, or in models/; 'info --list' lists them), an ONNX file following "
                    + "models/MODEL_CONTRACT.md, or a bioimage.io .zip (default: " + DefaultModel.RESTORATION + " for the image commands, "
                    + DefaultModel.NAME + " for generate and info)")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = DiffusionOptions.DEVICE,
            description = "auto uses the GPU (CUDA) when it works and says why not otherwise (default: ${DEFAULT-VALUE})")
    Device device;

    @Option(names = "--override", paramLabel = "KEY=VALUE",
            description = "fill or replace a metadata field for a foreign ONNX file (repeatable), e.g. "
                    + "in_channels=1; graph.x/graph.t/graph.eps rename the network's tensors")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads for the network (default: the available processors)")
    Integer threads;

    /** Uses model {@code name} when --model was not given or is empty (the image commands' default). */
    void defaultTo(String name) {
        if (model == null || model.isBlank()) model = name;
    }

    /** The ONNX file to use: --model resolved by {@link ModelCatalog}, or the default model. */
    Path modelFile() {
        return ModelCatalog.standard().resolve(model);
    }

    /** A lease on the launcher's cached session for these options; {@code log} receives the CPU-fallback line. */
    EpsModel open(ModelCache cache, Consumer<String> log) {
        ModelMetadata.checkOverrides(overrides);  // a broken --override is named before any model loads
        return cache.open(modelFile(), device, overrides, threads(), log);
    }

    /** Loads the model uncached (for {@code info}, which needs the session's own details). */
    OnnxEpsModel load(Consumer<String> log) {
        ModelMetadata.checkOverrides(overrides);
        return OnnxEpsModel.load(modelFile(), device, overrides, threads(), log);
    }

    private int threads() {
        int n = threads == null ? OnnxEpsModel.defaultThreads() : threads;
        if (n < 1) throw new ModelException("--threads must be at least 1, got " + n);
        return n;
    }
}
