package org.diffusionij.command;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;

/**
 * Leaves a Diffusion command's outputs where an ImageJ 1.x filter leaves its own: the result
 * image is the current image of the thread that ran the command (the macro's, for a macro) and is
 * registered with the WindowManager, so saveAs, getTitle(), nImages and selectImage see it; a
 * table fills the Results table (nResults, getResultString) and is shown in the GUI.
 *
 * <p>Why: the legacy layer runs a SciJava command on a thread of its own and shows an ImagePlus
 * output with {@code show()} there. In batch mode and headless, {@code show()} makes the image
 * "current" only for that thread, so the macro's current image stayed the input and
 * {@code saveAs} wrote the unprocessed input; headless, nothing showed the output at all. An
 * IJ1 ResultsTable output had no display ("Ignoring unsupported output"). Runs just before
 * SciJava's DisplayPostprocessor and marks what it handled as resolved, so nothing is shown twice.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.VERY_LOW + 1)
public class ImageJ1Outputs extends AbstractPostprocessorPlugin {

    @Parameter(required = false)
    private ThreadService threads;

    @Override
    public void process(Module module) {
        if (!isDiffusionCommand(module)) return;
        for (ModuleItem<?> item : module.getInfo().outputs()) {
            String name = item.getName();
            if (module.isOutputResolved(name)) continue;
            Object value = item.getValue(module);
            if (value instanceof ImagePlus) {
                show((ImagePlus) value);
                module.resolveOutput(name);
            } else if (value instanceof ResultsTable) {
                show((ResultsTable) value);
                module.resolveOutput(name);
            }
        }
    }

    static boolean isDiffusionCommand(Module module) {
        String cls = module.getInfo().getDelegateClassName();
        return cls != null && cls.startsWith("org.diffusionij.");
    }

    /** As {@link ImagePlus#show()} does for a filter, but for the thread that ran the command. */
    private void show(ImagePlus image) {
        if (imagesHaveWindows()) {
            image.show(); // a window; ImageJ makes it the active image when it opens
            return;
        }
        // Batch mode / headless: ImagePlus.show() would register the image and make it current
        // for this (the module's) thread only.
        Thread caller = caller();
        ImagePlus previous = WindowManager.getCurrentImage();
        if (previous != null) previous.saveRoi();
        Interpreter.addBatchModeImage(image);
        WindowManager.setTempCurrentImage(caller, image); // not on this pooled thread: a later run would see it
    }

    /** The Results table, as ImageJ's Measure fills it; the GUI shows it in the Results window. */
    private static void show(ResultsTable table) {
        if (imagesHaveWindows()) {
            table.show("Results");
        } else {
            Analyzer.setResultsTable(table);
        }
    }

    /** Whether images open in windows: a GUI, and no macro in batch mode. */
    private static boolean imagesHaveWindows() {
        return !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null && !Interpreter.isBatchMode();
    }

    /** The thread that asked SciJava to run this module (the macro thread), or this thread. */
    private Thread caller() {
        Thread parent = threads == null ? null : threads.getParent(Thread.currentThread());
        return parent != null ? parent : Thread.currentThread();
    }
}
