package org.diffusionij.task;

import static org.diffusionij.task.TaskTestSupport.MU;
import static org.diffusionij.task.TaskTestSupport.SD;
import static org.diffusionij.task.TaskTestSupport.mean;
import static org.diffusionij.task.TaskTestSupport.std;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

class GenerateTaskTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);

    @Test
    void generatesTheRequestedBatchFromTheSeed() {
        // 3 x 2 x 64 x 40 = 15360 values of N(0.3, 0.5²); DPM++ 25 steps' std bias +0.00016 is far
        // below the 4 standard errors (0.016 mean, 0.011 std).
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD, 2, 1);
        SamplerSettings settings = SamplerSettings.defaults().withSteps(25).withClipSample(false);
        GenerateTask task = new GenerateTask(3, 64, 40);
        float[] a = task.run(model, settings, new GaussianNoise(5), Progress.none(), CancelToken.none());
        float[] b = task.run(model, settings, new GaussianNoise(5), Progress.none(), CancelToken.none());
        assertEquals(3 * 2 * 64 * 40, a.length);
        assertArrayEquals(a, b, "same seed, same images");
        assertEquals(50, model.calls(), "one call per step for the whole batch");
        assertEquals(MU, mean(a), 4 * SD / Math.sqrt(a.length));
        assertEquals(SD, std(a), 4 * SD / Math.sqrt(2.0 * a.length));
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GenerateTask(0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new GenerateTask(1, 0, 8));
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        assertThrows(IllegalArgumentException.class, () -> new GenerateTask(100000, 1000, 1000)
                .run(model, SamplerSettings.defaults(), new GaussianNoise(1), Progress.none(), CancelToken.none()));
    }
}
