package org.diffusionij.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ij.measure.ResultsTable;
import org.diffusionij.model.ModelMetadata;

/**
 * A model's card and metadata as a two-column table (key, value): a few derived facts first
 * (file, device, name, channels, T), then the card fields (model.*) and the other metadata
 * fields, each group sorted by key. The very long
 * {@code alphas_cumprod} list is summarised by its count and end values.
 */
final class ModelCardTable {

    private ModelCardTable() {
    }

    static ResultsTable of(ModelMetadata md, String file, String device) {
        ResultsTable rt = new ResultsTable();
        rt.showRowNumbers(false);
        add(rt, "file", file);
        add(rt, "device", device);
        add(rt, "name", md.name());
        add(rt, "channels", Integer.toString(md.channels()));
        add(rt, "timesteps (T)", Integer.toString(md.numTrainTimesteps()));
        add(rt, "training size", md.sampleSize() + "x" + md.sampleSize());
        add(rt, "size multiple", Integer.toString(md.sizeMultiple()));
        // ONNX Runtime hands metadata back unordered: card fields (model.*) first, then the rest, by name.
        List<Map.Entry<String, String>> fields = new ArrayList<>(md.raw().entrySet());
        fields.sort(Comparator.comparing((Map.Entry<String, String> e) -> !e.getKey().startsWith("model."))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, String> e : fields) {
            String value = e.getValue();
            if (e.getKey().equals("alphas_cumprod")) {
                double[] a = md.alphasCumprod();
                value = a.length + " values, " + a[0] + " .. " + a[a.length - 1];
            }
            add(rt, e.getKey(), value);
        }
        return rt;
    }

    private static void add(ResultsTable rt, String key, String value) {
        rt.incrementCounter();
        rt.addValue("key", key);
        rt.addValue("value", value);
    }
}
