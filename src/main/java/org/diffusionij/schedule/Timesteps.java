package org.diffusionij.schedule;

/**
 * Descending timestep lists. A sampler walks a list in order: the step from entry i goes to
 * entry i+1, and from the last entry to t = -1 (ᾱ = 1). Never t - T/S.
 */
public final class Timesteps {

    private Timesteps() {
    }

    /**
     * S timesteps over the whole schedule of T, spread as {@code spacing} says. The arithmetic
     * copies numpy's (training/diffusion_ij_train/schedule.py) so that ties at .5 round the same way
     * on both sides: linspace computes i·((T-1)/(S-1)) and sets the end point exactly; arange
     * computes start + j·δ with δ = (start + step) - start.
     */
    public static double[] make(int T, int steps, TimestepSpacing spacing) {
        if (steps < 1 || steps > T) {
            throw new IllegalArgumentException("steps must be between 1 and " + T + ", got " + steps);
        }
        double[] ts = new double[steps];
        switch (spacing) {
            case LINSPACE: {
                // np.round(np.linspace(0, T-1, S))[::-1]
                double step = steps == 1 ? 0 : (double) (T - 1) / (steps - 1);
                for (int i = 0; i < steps; i++) {
                    double v = (steps > 1 && i == steps - 1) ? T - 1 : i * step;
                    ts[steps - 1 - i] = Math.rint(v);
                }
                break;
            }
            case LEADING:
                // (np.arange(S) * (T // S))[::-1]
                for (int i = 0; i < steps; i++) ts[steps - 1 - i] = (double) i * (T / steps);
                break;
            default: {
                // np.round(T - np.arange(S) * (T / S)) - 1, already descending; always S entries
                // (np.arange(T, 0, -T/S) would give S+1 for some S).
                double step = (double) T / steps;
                for (int j = 0; j < steps; j++) ts[j] = Math.rint(T - j * step) - 1;
            }
        }
        return ts;
    }

    /**
     * S timesteps from {@code tStart} (possibly fractional, e.g. where ᾱ matches a known noise
     * level) evenly down towards 0: tStart·(S-i)/S for i = 0..S-1. Used by denoise and image-to-image.
     */
    public static double[] startingAt(double tStart, int steps) {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (!(tStart >= 0)) throw new IllegalArgumentException("start timestep must be >= 0, got " + tStart);
        double[] ts = new double[steps];
        for (int i = 0; i < steps; i++) ts[i] = tStart * (steps - i) / steps;
        return ts;
    }
}
