package org.diffusionij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffusionij.pipeline.DefaultModel;
import org.junit.jupiter.api.Test;

/** The model each Fiji command shows and uses when the macro or dialog gives none. */
class DefaultModelsTest {

    @Test
    void restorationCommandsShowAndUseTheGeneralPrior() {
        for (ImageCommand c : new ImageCommand[] {new Denoise(), new SuperResolve(), new Inpaint(), new ImageToImage()}) {
            assertEquals(DefaultModel.RESTORATION, c.model, c.getClass().getSimpleName() + "'s dialog field");
            assertEquals(DefaultModel.RESTORATION, c.options().model(), c.getClass().getSimpleName());
            c.model = "";
            assertEquals(DefaultModel.RESTORATION, c.options().model(), "an emptied field means the command's default");
        }
    }

    @Test
    void generateAndModelInfoKeepTheGarmentDemo() {
        Generate g = new Generate();
        assertEquals(DefaultModel.NAME, g.options().model());
        assertEquals(DefaultModel.NAME, new ModelInfo().modelOrDefault());
    }
}
