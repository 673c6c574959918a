package org.diffusionij.schedule;

/**
 * Descending timestep lists. A sampler walks a list in order: the step from entry i goes to
 * entry i+1, and from the last entry to t = -1 (ᾱ = 1). Never t - T/S.
 */
public final class Timesteps {

    private Timesteps() {
    }

    /** S timesteps over the whole schedule of T, spread as {@code spacing} says. */
    public static double[] make(int T, int steps, TimestepSpacing spacing) {
        if (steps < 1 || steps > T) {
            throw new IllegalArgumentException("steps must be between 1 and " + T + ", got " + steps);
        }
        double[] ts = new double[steps];
        for (int i = 0; i < steps; i++) {
            double v;
            switch (spacing) {
                case LINSPACE:
                    v = steps == 1 ? 0 : Math.rint((double) (T - 1) * i / (steps - 1));
                    break;
                case LEADING:
                    v = (double) i * (T / steps);
                    break;
                default: // TRAILING: arange(T, 0, -T/S) taken from the top
                    v = Math.rint(T - (double) T * (steps - 1 - i) / steps) - 1;
            }
            ts[steps - 1 - i] = v;
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
