package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.diffusionij.model.ModelCard;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.pipeline.ModelCatalog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code info}: the model's metadata, its graph's inputs and outputs, and the device it would run on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's metadata, input/output shapes and the device it would run on; "
                + "with --list, the models available by name.")
final class InfoCommand extends Subcommand {

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--list", description = "list the models available by name (for --model NAME) and where they are")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter out = stdout();
        if (list) {
            printList(out, ModelCatalog.standard());
            return Main.OK;
        }
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
            for (Map.Entry<String, String> e : ModelCard.fields(m)) out.println("  " + e.getKey() + " = " + e.getValue());
        }
        return Main.OK;
    }

    /** One line per model (name, where; the default marked), then the folders searched. */
    static void printList(PrintWriter out, ModelCatalog catalog) {
        List<ModelCatalog.Entry> all = catalog.available();
        int width = all.stream().mapToInt(e -> e.name().length()).max().orElse(4);
        for (ModelCatalog.Entry e : all) {
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %s%s", e.name(), e.where(),
                    e.name().equals(DefaultModel.NAME) ? "  (default of generate and info)"
                            : e.name().equals(DefaultModel.RESTORATION) ? "  (default of the image subcommands)" : ""));
        }
        if (all.isEmpty()) out.println("no models found");
        out.println("models folders searched: " + catalog.folders());
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
