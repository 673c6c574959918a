package org.diffusionij.sampler;

/**
 * DDIM(η) step (Song et al. 2021, eq. 12 and 16):
 * σ = η √((1-ᾱ_s)/(1-ᾱ_t)) √(1-ᾱ_t/ᾱ_s);
 * x_s = √ᾱ_s x̂0 + √(1-ᾱ_s-σ²) ε + σ z, with z drawn only when σ > 0.
 */
public final class DdimRule implements UpdateRule {

    private final double eta;
    private float[] z = new float[0];

    /** @param eta 0 for deterministic DDIM, 1 for DDPM-like noise */
    public DdimRule(double eta) {
        this.eta = eta;
    }

    @Override
    public void reset() {
    }

    @Override
    public void step(double t, double s, double alphaBarT, double alphaBarS, float[] x, float[] x0, float[] eps,
                     NoiseSource noise) {
        double sigma = eta * Math.sqrt((1 - alphaBarS) / (1 - alphaBarT)) * Math.sqrt(1 - alphaBarT / alphaBarS);
        double cx0 = Math.sqrt(alphaBarS);
        double ceps = Math.sqrt(Math.max(1 - alphaBarS - sigma * sigma, 0.0));
        if (sigma > 0) {
            if (z.length != x.length) z = new float[x.length];
            noise.fill(z);
            for (int i = 0; i < x.length; i++) x[i] = (float) (cx0 * x0[i] + ceps * eps[i] + sigma * z[i]);
        } else {
            for (int i = 0; i < x.length; i++) x[i] = (float) (cx0 * x0[i] + ceps * eps[i]);
        }
    }
}
