package org.diffusionij.command;

import java.util.Map;

import ij.measure.ResultsTable;
import org.diffusionij.model.ModelCard;
import org.diffusionij.model.ModelMetadata;

/**
 * A model's card and metadata as a two-column table (key, value): a few derived facts first
 * (file, device, name, channels, T), then the metadata fields as {@link ModelCard} orders and
 * formats them for the launcher's {@code info} too.
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
        for (Map.Entry<String, String> e : ModelCard.fields(md)) add(rt, e.getKey(), e.getValue());
        return rt;
    }

    static void add(ResultsTable rt, String key, String value) {
        rt.incrementCounter();
        rt.addValue("key", key);
        rt.addValue("value", value);
    }
}
