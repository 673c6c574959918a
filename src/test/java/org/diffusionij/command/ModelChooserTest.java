package org.diffusionij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.pipeline.ModelCatalog;
import org.junit.jupiter.api.Test;

class ModelChooserTest {

    @Test
    void listsTheNamesDefaultFirstThenOtherFile() {
        List<String> c = ModelChooser.choices(ModelCatalog.standard());
        assertEquals(DefaultModel.NAME, c.get(0));
        assertEquals(ModelChooser.OTHER, c.get(c.size() - 1));
        assertEquals(DefaultModel.NAME, ModelChooser.preselected(c, "")); // empty: the default
        assertEquals(DefaultModel.NAME, ModelChooser.preselected(c, "/some/file.onnx")); // a file: not a name
        assertEquals("a", ModelChooser.preselected(List.of("a", ModelChooser.OTHER), "b")); // no default: the first
        assertEquals("a", ModelChooser.preselected(List.of("a", ModelChooser.OTHER), " a "));
    }
}
