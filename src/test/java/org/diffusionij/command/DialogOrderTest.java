package org.diffusionij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.widget.Button;

/**
 * The dialog fields and macro keys of every command, in dialog order: the shared options declared
 * once in the bases (model, device; sampler, steps, eta, seed; for image commands range, samples,
 * uncertainty), then the command's own. Macros and the Fiji suite (src/test/fiji) rely on these
 * names; a renamed or dropped key breaks recorded macros.
 */
class DialogOrderTest {

    private static final List<String> SAMPLING = List.of("model", "device", "sampler", "steps", "eta", "seed");

    @Test
    void eachCommandShowsTheSharedOptionsFirstThenItsOwn() {
        assertEquals(List.of("model", "device"), keys(ModelInfo.class));
        assertEquals(with(SAMPLING, "count", "width", "height"), keys(Generate.class));
        List<String> image = with(SAMPLING, "range", "samples", "uncertainty");
        assertEquals(with(image, "sigma", "estimate", "noise", "gain", "offset", "readnoise"), keys(Denoise.class));
        assertEquals(with(image, "mask"), keys(Inpaint.class));
        assertEquals(with(image, "scale"), keys(SuperResolve.class));
        assertEquals(with(image, "strength"), keys(ImageToImage.class));
    }

    /** The macro keys a user sets: inputs that are not the context, services, the image or buttons. */
    private static List<String> keys(Class<? extends org.scijava.command.Command> cls) {
        List<String> keys = new ArrayList<>();
        for (ModuleItem<?> item : new CommandInfo(cls).inputs()) {
            Class<?> t = item.getType();
            if (Service.class.isAssignableFrom(t) || t == org.scijava.Context.class || t == ImagePlus.class || t == Button.class) continue;
            keys.add(item.getName());
        }
        return keys;
    }

    private static List<String> with(List<String> first, String... then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(then));
        return all;
    }
}
