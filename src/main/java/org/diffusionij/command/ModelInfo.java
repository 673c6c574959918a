package org.diffusionij.command;


import ij.measure.ResultsTable;
import org.diffusionij.model.EpsModel;
import org.diffusionij.pipeline.DiffusionOptions;
import org.diffusionij.pipeline.ModelCatalog;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins › Diffusion › Model info…: the model card and metadata as a table, and the models available by name. */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Model info...")
public class ModelInfo extends DiffusionCommand {

    @Parameter(label = "Model info", type = ItemIO.OUTPUT)
    private ResultsTable info;

    @Override
    protected void execute() {
        long start = System.nanoTime();
        DiffusionOptions options = DiffusionOptions.defaults().withModel(modelOrDefault(), device);
        try (EpsModel m = openModel(options)) {
            ResultsTable table = ModelCardTable.of(m.metadata(), options.modelFile().toString(), m.device());
            ModelCardTable.add(table, "available models", ModelCatalog.standard().describe());
            for (int row = 0; row < table.size(); row++) {
                log.info(table.getStringValue("key", row) + " = " + table.getStringValue("value", row));
            }
            logDone("read '" + m.metadata().name() + "'", m.device(), start);
            info = table;
        }
    }
}
