package org.diffusionij.sampler;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2), data-prediction multistep solver of the
 * probability-flow ODE. α = √ᾱ, σ = √(1-ᾱ), λ = log(α/σ), h = λ_s - λ_t.
 * First order on the first step: x_s = (σ_s/σ_t) x - α_s (e^{-h} - 1) x̂0.
 * Second order after that, with the previous step's x̂0' at λ' and r = (λ_t - λ')/h:
 * D = x̂0 + (x̂0 - x̂0')/(2r); x_s = (σ_s/σ_t) x - α_s (e^{-h} - 1) D.
 * The last step (s = -1, σ_s = 0) is first order: x_s = x̂0. Draws no noise.
 */
public final class DpmSolverPP2MRule implements UpdateRule {

    private float[] prevX0 = new float[0];
    private double prevLambda;
    private boolean hasPrev;

    @Override
    public void reset() {
        hasPrev = false;
    }

    @Override
    public void step(double t, double s, double alphaBarT, double alphaBarS, float[] x, float[] x0, float[] eps,
                     NoiseSource noise) {
        if (s < 0) {
            System.arraycopy(x0, 0, x, 0, x.length);
            return;
        }
        double alphaT = Math.sqrt(alphaBarT), sigmaT = Math.sqrt(1 - alphaBarT);
        double alphaS = Math.sqrt(alphaBarS), sigmaS = Math.sqrt(1 - alphaBarS);
        double lambdaT = Math.log(alphaT / sigmaT), lambdaS = Math.log(alphaS / sigmaS);
        double h = lambdaS - lambdaT;
        double cx = sigmaS / sigmaT;
        double cd = -alphaS * Math.expm1(-h);
        if (prevX0.length != x.length) {
            prevX0 = new float[x.length];
            hasPrev = false;
        }
        if (hasPrev) {
            double half = 1 / (2 * ((lambdaT - prevLambda) / h));
            for (int i = 0; i < x.length; i++) {
                double d = x0[i] + half * (x0[i] - prevX0[i]);
                x[i] = (float) (cx * x[i] + cd * d);
            }
        } else {
            for (int i = 0; i < x.length; i++) x[i] = (float) (cx * x[i] + cd * x0[i]);
        }
        System.arraycopy(x0, 0, prevX0, 0, x.length);
        prevLambda = lambdaT;
        hasPrev = true;
    }
}
