package org.diffusionij.task;

import static org.diffusionij.task.TaskTestSupport.MU;
import static org.diffusionij.task.TaskTestSupport.SD;
import static org.diffusionij.task.TaskTestSupport.gaussian;
import static org.diffusionij.task.TaskTestSupport.mean;
import static org.diffusionij.task.TaskTestSupport.std;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

class ImageToImageTaskTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);

    @Test
    void strengthPicksTheStartTimestepAndStepCount() {
        assertEquals(499.5, ImageToImageTask.startTimestep(1000, 0.5));
        assertEquals(999.0, ImageToImageTask.startTimestep(1000, 1.0));
        assertEquals(10, ImageToImageTask.stepsFor(20, 0.5));
        assertEquals(7, ImageToImageTask.stepsFor(10, 0.7));
        assertEquals(15, ImageToImageTask.stepsFor(50, 0.3));
        assertEquals(1, ImageToImageTask.stepsFor(20, 0.01));
        assertEquals(20, ImageToImageTask.stepsFor(20, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ImageToImageTask(0));
        assertThrows(IllegalArgumentException.class, () -> new ImageToImageTask(1.01));
    }

    @Test
    void runStartsAtT0AndWalksTheScaledStepCount() {
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, MU, SD);
        List<Float> seen = new ArrayList<>();
        EpsModel recording = new EpsModel() {
            public ModelMetadata metadata() {
                return oracle.metadata();
            }

            public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken c) {
                seen.add(t[0]);
                oracle.predict(x, t, n, h, w, eps, c);
            }

            public String device() {
                return "";
            }

            public void close() {
            }
        };
        float[] y = gaussian(16, MU, SD, 1), copy = y.clone();
        new ImageToImageTask(0.6).run(recording, SamplerSettings.defaults(), y, 1, 4, 4, new GaussianNoise(1),
                Progress.none(), CancelToken.none());
        assertArrayEquals(copy, y, "input must not be modified");
        assertEquals(12, seen.size());
        assertEquals(0.6f * 999, seen.get(0), 1e-3f);
        assertEquals(0.6f * 999 / 12, seen.get(11), 1e-3f);
    }

    @Test
    void lowStrengthKeepsTheImageFullStrengthForgetsIt() {
        // DPM++ follows the probability-flow ODE, which keeps the standardised value of each pixel: with
        // y ~ N(μ, s²) noised to ᾱ0, corr(output, y) = √ᾱ0·s / √(ᾱ0·s² + 1 - ᾱ0). Strength 0.05
        // (t0 = 49.95): 0.9978; strength 1 (ᾱ = 2.4e-9): 2.5e-5, i.e. none. Outputs stay N(μ, s²).
        // 16384 pixels: correlation standard error (1-ρ²)/√N, at most 0.0078; mean/std as elsewhere.
        GaussianOracleModel model = new GaussianOracleModel(COSINE, MU, SD);
        int h = 128, w = 128;
        float[] y = gaussian(h * w, MU, SD, 2);
        SamplerSettings settings = SamplerSettings.defaults().withSteps(25).withClipSample(false);
        for (double strength : new double[] {0.05, 1.0}) {
            float[] out = new ImageToImageTask(strength).run(model, settings, y, 1, h, w, new GaussianNoise(3),
                    Progress.none(), CancelToken.none());
            double a = COSINE.alphaBar(ImageToImageTask.startTimestep(1000, strength));
            double rho = Math.sqrt(a) * SD / Math.sqrt(a * SD * SD + 1 - a);
            assertEquals(rho, correlation(out, y), 4 * Math.max(1 - rho * rho, 0.01) / Math.sqrt(y.length) + 0.002,
                    "strength " + strength);
            assertEquals(MU, mean(out), 4 * SD / Math.sqrt(y.length));
            assertEquals(SD, std(out), 4 * SD / Math.sqrt(2.0 * y.length) + 0.002);
        }
    }

    static double correlation(float[] a, float[] b) {
        double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
