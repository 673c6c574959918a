package org.diffusionij.sampler;

/**
 * DDPM ancestral step (Ho et al. 2020, eq. 6-7) between arbitrary timesteps t > s:
 * α' = ᾱ_t/ᾱ_s, β' = 1-α';
 * μ = √ᾱ_s β'/(1-ᾱ_t) · x̂0 + √α' (1-ᾱ_s)/(1-ᾱ_t) · x;
 * var = β'(1-ᾱ_s)/(1-ᾱ_t) (β̃, fixed_small) or β' (fixed_large);
 * x_s = μ + √var · z, with no noise (and no draw) on the last step s = -1.
 */
public final class DdpmRule implements UpdateRule {

    private final boolean fixedLargeVariance;
    private float[] z = new float[0];

    /** @param fixedLargeVariance use β' as the variance instead of β̃ */
    public DdpmRule(boolean fixedLargeVariance) {
        this.fixedLargeVariance = fixedLargeVariance;
    }

    @Override
    public void reset() {
    }

    @Override
    public void step(double t, double s, double alphaBarT, double alphaBarS, float[] x, float[] x0, float[] eps,
                     NoiseSource noise) {
        double alpha = alphaBarT / alphaBarS;
        double beta = 1 - alpha;
        double cx0 = Math.sqrt(alphaBarS) * beta / (1 - alphaBarT);
        double cx = Math.sqrt(alpha) * (1 - alphaBarS) / (1 - alphaBarT);
        if (s < 0) {
            for (int i = 0; i < x.length; i++) x[i] = (float) (cx0 * x0[i] + cx * x[i]);
            return;
        }
        double var = fixedLargeVariance ? beta : beta * (1 - alphaBarS) / (1 - alphaBarT);
        double sd = Math.sqrt(var);
        if (z.length != x.length) z = new float[x.length];
        noise.fill(z);
        for (int i = 0; i < x.length; i++) x[i] = (float) (cx0 * x0[i] + cx * x[i] + sd * z[i]);
    }
}
