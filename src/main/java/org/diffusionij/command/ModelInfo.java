package org.diffusionij.command;

import java.io.File;

import ij.measure.ResultsTable;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelLog;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins › Diffusion › Model info…: the model card and metadata as a table. */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Model info...")
public class ModelInfo extends DiffusionCommand {

    @Parameter(label = "Model file (.onnx; empty = the bundled model)", required = false, persist = false,
            style = ModelChoice.FILE_STYLE)
    private File model;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "Model info", type = ItemIO.OUTPUT)
    private ResultsTable info;

    @Override
    protected void execute() {
        long start = System.nanoTime();
        status.showStatus("Model info: loading the model");
        try (EpsModel m = ModelChoice.open(model, device, ModelLog.of(log::info, log::warn))) {
            ResultsTable table = ModelCardTable.of(m.metadata(), ModelChoice.file(model).toString(), m.device());
            for (int row = 0; row < table.size(); row++) {
                log.info(table.getStringValue("key", row) + " = " + table.getStringValue("value", row));
            }
            logDone("read '" + m.metadata().name() + "'", m.device(), start);
            info = table;
        }
    }

    @Override
    protected void clearOutputs() {
        info = null;
    }

    @Override
    protected String name() {
        return "Model info";
    }
}
