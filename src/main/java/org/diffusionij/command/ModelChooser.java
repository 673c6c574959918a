package org.diffusionij.command;

import java.util.ArrayList;
import java.util.List;

import ij.gui.GenericDialog;
import ij.io.OpenDialog;
import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.pipeline.ModelCatalog;

/**
 * The "Choose model..." button of every Diffusion dialog: a list of the models available by name
 * (bundled and in Fiji.app/models/) plus "Other file...", which opens a file chooser. It only ever
 * runs from the dialog's button, so a headless macro never sees a chooser; macros give
 * {@code model=NAME} or {@code model=[/path/to/model.onnx]}.
 */
final class ModelChooser {

    /** The last entry of the list: pick a file instead of a name. */
    static final String OTHER = "Other file...";

    private ModelChooser() {
    }

    /** The list: available names (the default first), then {@link #OTHER}. */
    static List<String> choices(ModelCatalog catalog) {
        List<String> c = new ArrayList<>(catalog.names());
        c.add(OTHER);
        return c;
    }

    /** The entry to preselect for the current model option (a name in the list, else the default). */
    static String preselected(List<String> choices, String current) {
        String c = current == null ? "" : current.strip();
        if (choices.contains(c)) return c;
        return choices.contains(DefaultModel.NAME) ? DefaultModel.NAME : choices.get(0);
    }

    /** Asks the user; returns the new model option, or {@code current} when cancelled. */
    static String ask(String current) {
        List<String> choices = choices(ModelCatalog.standard());
        GenericDialog gd = new GenericDialog("Choose a diffusion model");
        gd.addChoice("Model", choices.toArray(new String[0]), preselected(choices, current));
        gd.addMessage("Models by name: bundled with the plugin, and .onnx or bioimage.io .zip files in Fiji.app/models/");
        gd.showDialog();
        if (gd.wasCanceled()) return current;
        String picked = gd.getNextChoice();
        if (!picked.equals(OTHER)) return picked;
        OpenDialog od = new OpenDialog("Model file (.onnx or bioimage.io .zip)");
        return od.getPath() == null ? current : od.getPath();
    }
}
