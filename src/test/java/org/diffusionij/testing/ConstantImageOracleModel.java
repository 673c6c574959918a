package org.diffusionij.testing;

import org.diffusionij.control.CancelToken;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.schedule.NoiseSchedule;

/**
 * The exact ε-network for data whose images are constant: every pixel of an image equals one value
 * c ~ N(μ, s²). Unlike {@link GaussianOracleModel} it couples all pixels of an image: with P pixels,
 * c | x_t is Gaussian with precision 1/s² + P ᾱ/(1-ᾱ) and mean (μ/s² + √ᾱ Σx/(1-ᾱ)) / precision,
 * and ε* = (x_t - √ᾱ E[c | x_t]) / √(1-ᾱ). Inpainting and super-resolution with it must carry the
 * known pixels' value into the unknown ones.
 */
public final class ConstantImageOracleModel implements EpsModel {

    private final NoiseSchedule schedule;
    private final ModelMetadata metadata;
    private final double mu;
    private final double s;

    public ConstantImageOracleModel(NoiseSchedule schedule, double mu, double s) {
        this.schedule = schedule;
        this.metadata = TestModels.metadata(schedule, 1, 1);
        this.mu = mu;
        this.s = s;
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
        cancel.throwIfCancelled();
        int per = x.length / n;
        for (int b = 0; b < n; b++) {
            double a = schedule.alphaBar(t[b]);
            double sum = 0;
            for (int i = b * per; i < (b + 1) * per; i++) sum += x[i];
            double precision = 1 / (s * s) + per * a / (1 - a);
            double c = (mu / (s * s) + Math.sqrt(a) * sum / (1 - a)) / precision;
            double shift = Math.sqrt(a) * c, inv = 1 / Math.sqrt(1 - a);
            for (int i = b * per; i < (b + 1) * per; i++) eps[i] = (float) ((x[i] - shift) * inv);
        }
    }

    @Override
    public String device() {
        return "analytic constant-image oracle";
    }

    @Override
    public void close() {
    }
}
