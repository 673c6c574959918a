package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.OnnxEpsModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code info}: the model's metadata, its graph's inputs and outputs, and the device it would run on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's metadata, input/output shapes and the device it would run on.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // The device line below says why auto did not use CUDA; no separate log line needed.
        try (OnnxEpsModel model = modelOptions.load(line -> { })) {
            ModelMetadata m = model.metadata();
            out.println("model     " + model.file());
            out.println("name      " + m.name());
            out.println("device    " + model.device() + (modelOptions.device.name().equals("AUTO")
                    ? model.fallbackReason().map(r -> " (auto: CUDA not used: " + r + ")").orElse(" (auto)") : ""));
            out.println("runtime   ONNX Runtime " + model.runtimeVersion());
            out.println("graph");
            for (String line : model.graph().describe()) out.println("  " + line);
            out.println("channels  " + m.channels());
            out.println("sizes     height and width multiples of " + m.sizeMultiple() + "; trained at "
                    + m.sampleSize() + "x" + m.sampleSize());
            double[] a = m.alphasCumprod();
            out.println(String.format(Locale.ROOT, "schedule  %d timesteps, alphas_cumprod %.6g .. %.6g, %s variance",
                    a.length, a[0], a[a.length - 1], m.fixedLargeVariance() ? "fixed_large" : "fixed_small"));
            out.println(String.format(Locale.ROOT, "intensity %s, %s maps to -1 and %s to +1",
                    m.intensityMapping().name().toLowerCase(Locale.ROOT),
                    number(m.intensityLow()) + (m.intensityMapping() == ModelMetadata.IntensityMapping.PERCENTILE
                            ? "th percentile" : ""),
                    number(m.intensityHigh()) + (m.intensityMapping() == ModelMetadata.IntensityMapping.PERCENTILE
                            ? "th percentile" : "")));
            out.println("metadata");
            m.raw().entrySet().stream().sorted(Comparator.comparing(e -> sortKey(e.getKey())))
                    .forEach(e -> out.println("  " + e.getKey() + " = " + abbreviate(e.getKey(), e.getValue())));
        }
        return Main.OK;
    }

    /** Contract fields in the contract's order, then the model card, then anything else. */
    private static String sortKey(String key) {
        int i = CONTRACT_ORDER.indexOf(key);
        if (i >= 0) return String.format(Locale.ROOT, "0%03d", i);
        return (key.startsWith("model.") ? "1" : "2") + key;
    }

    private static final List<String> CONTRACT_ORDER = List.of("diffusion_ij.format", "prediction_type",
            "num_train_timesteps", "beta_schedule", "beta_start", "beta_end", "cosine_s", "alphas_cumprod",
            "variance_type", "in_channels", "sample_size", "size_multiple", "intensity_mapping", "intensity_low",
            "intensity_high", "percentile_low", "percentile_high");

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The ᾱ table is T numbers long: show its length and ends. */
    private static String abbreviate(String key, String value) {
        if (!key.equals("alphas_cumprod")) return value;
        String[] parts = value.split(",");
        if (parts.length <= 4) return value;
        return parts[0].trim() + ", " + parts[1].trim() + ", ..., " + parts[parts.length - 1].trim() + " ("
                + parts.length + " values)";
    }
}
