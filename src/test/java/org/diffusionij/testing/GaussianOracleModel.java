package org.diffusionij.testing;

import org.diffusionij.control.CancelToken;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.schedule.NoiseSchedule;

/**
 * The exact ε-network for data x0 ~ N(μ, s²) per pixel (DESIGN.md, "Analytic oracle"):
 * ε*(x_t, t) = √(1-ᾱ)(x_t - √ᾱ μ) / (ᾱ s² + 1 - ᾱ). A sampler that runs it must produce mean μ
 * and standard deviation s; a denoiser must reach the known posterior. Counts its calls.
 */
public final class GaussianOracleModel implements EpsModel {

    private final NoiseSchedule schedule;
    private final ModelMetadata metadata;
    private final double mu;
    private final double s;
    private long calls;
    private long images;

    public GaussianOracleModel(NoiseSchedule schedule, double mu, double s, int channels, int sizeMultiple) {
        this.schedule = schedule;
        this.metadata = TestModels.metadata(schedule, channels, sizeMultiple);
        this.mu = mu;
        this.s = s;
    }

    public GaussianOracleModel(NoiseSchedule schedule, double mu, double s) {
        this(schedule, mu, s, 1, 1);
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
            double scale = Math.sqrt(1 - a) / (a * s * s + 1 - a);
            double shift = Math.sqrt(a) * mu;
            for (int i = b * per; i < (b + 1) * per; i++) eps[i] = (float) (scale * (x[i] - shift));
        }
        calls++;
        images += n;
    }

    /** Network calls so far. */
    public long calls() {
        return calls;
    }

    /** Images (batch entries) evaluated so far. */
    public long images() {
        return images;
    }

    @Override
    public String device() {
        return "analytic oracle";
    }

    @Override
    public void close() {
    }
}
