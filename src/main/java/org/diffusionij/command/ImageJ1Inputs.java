package org.diffusionij.command;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Gives a Diffusion command the image a batch-mode macro is working on. The legacy layer fills an
 * ImagePlus input with {@code WindowManager.getCurrentImage()} on the command's own thread; with
 * image windows open (a GUI macro that calls setBatchMode(true)), that is the front window, not
 * the image the macro opened or selected in batch mode, so the command would process the wrong
 * image. ImageJ records that image as the last activated batch-mode image; this uses it. Runs
 * right after the legacy layer's ActiveImagePlusPreprocessor and replaces only its choice.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.VERY_HIGH)
public class ImageJ1Inputs extends AbstractPreprocessorPlugin {

    @Override
    public void process(Module module) {
        if (!ImageJ1Outputs.isDiffusionCommand(module) || !Interpreter.isBatchMode()) return;
        ImagePlus macroImage = Interpreter.getLastBatchModeImage();
        ImagePlus legacyChoice = WindowManager.getCurrentImage();
        if (macroImage == null || macroImage == legacyChoice) return;
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            if (item.getType() == ImagePlus.class && item.getValue(module) == legacyChoice) {
                module.setInput(item.getName(), macroImage);
                module.resolveInput(item.getName());
            }
        }
    }
}
