package org.diffusionij.command;

import ij.Macro;
import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * ImageJ's rule for run("Denoise...", "steps=10"): a command given an options string shows no
 * dialog; keys left out keep their defaults. The legacy layer fills only the keys given, and in
 * the GUI SciJava's input harvester then opened a dialog for the rest (so a GUI macro hung on
 * run("Model info...", "device=cpu")), and a lone File input would open a file chooser. This marks
 * every input still unset as resolved, keeping its default. Runs after the legacy layer's
 * MacroPreprocessor (which reads the options) and before the file chooser and the dialog.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
public class MacroDefaults extends AbstractPreprocessorPlugin {

    @Override
    public void process(Module module) {
        if (!ImageJ1Outputs.isDiffusionCommand(module) || Macro.getOptions() == null) return;
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            if (!module.isInputResolved(item.getName())) module.resolveInput(item.getName());
        }
    }
}
