package org.diffusionij.schedule;

/**
 * The table ᾱ_t (alphas_cumprod) of a diffusion process, in double precision, with ᾱ at
 * fractional timesteps (log-linear interpolation) and ᾱ(-1) = 1, the clean end of every
 * timestep list.
 */
public final class NoiseSchedule {

    private final double[] alphasCumprod;
    private final double[] logAlphasCumprod;

    private NoiseSchedule(double[] alphasCumprod) {
        if (alphasCumprod.length < 2) {
            throw new IllegalArgumentException("a schedule needs at least 2 timesteps, got " + alphasCumprod.length);
        }
        this.alphasCumprod = alphasCumprod.clone();
        this.logAlphasCumprod = new double[alphasCumprod.length];
        for (int i = 0; i < alphasCumprod.length; i++) {
            double a = alphasCumprod[i];
            if (!(a > 0 && a <= 1) || (i > 0 && !(a < alphasCumprod[i - 1]))) {
                throw new IllegalArgumentException("alphas_cumprod must be strictly decreasing in (0, 1]; entry "
                        + i + " is " + a);
            }
            logAlphasCumprod[i] = Math.log(a);
        }
    }

    /** The authoritative table from model metadata. */
    public static NoiseSchedule fromAlphasCumprod(double[] alphasCumprod) {
        return new NoiseSchedule(alphasCumprod);
    }

    /** DDPM's linear β schedule: β_t from betaStart to betaEnd, ᾱ_t = Π(1 - β). */
    public static NoiseSchedule linear(int timesteps, double betaStart, double betaEnd) {
        double[] a = new double[timesteps];
        double prod = 1;
        for (int i = 0; i < timesteps; i++) {
            double beta = timesteps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * i / (timesteps - 1);
            prod *= 1 - beta;
            a[i] = prod;
        }
        return new NoiseSchedule(a);
    }

    /** Improved-DDPM cosine schedule (Nichol & Dhariwal 2021), β capped at 0.999. */
    public static NoiseSchedule cosine(int timesteps, double s) {
        double[] a = new double[timesteps];
        double prod = 1;
        for (int i = 0; i < timesteps; i++) {
            double beta = Math.min(1 - cosineF(i + 1, timesteps, s) / cosineF(i, timesteps, s), 0.999);
            prod *= 1 - beta;
            a[i] = prod;
        }
        return new NoiseSchedule(a);
    }

    private static double cosineF(double t, int T, double s) {
        double c = Math.cos((t / T + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    /** T, the number of training timesteps. */
    public int numTrainTimesteps() {
        return alphasCumprod.length;
    }

    /**
     * ᾱ at timestep t: the table entry for integer t, log-linear between entries otherwise, and
     * exactly 1 for t < 0 (the clean image after the last step).
     */
    public double alphaBar(double t) {
        if (t < 0) return 1.0;
        int last = alphasCumprod.length - 1;
        if (t >= last) return alphasCumprod[last];
        int i = (int) Math.floor(t);
        double f = t - i;
        if (f == 0) return alphasCumprod[i];
        return Math.exp(logAlphasCumprod[i] + f * (logAlphasCumprod[i + 1] - logAlphasCumprod[i]));
    }

    /**
     * The (fractional) timestep whose ᾱ equals {@code alphaBar}; the inverse of
     * {@link #alphaBar(double)} on [0, T-1]. Values above ᾱ_0 give 0, below ᾱ_{T-1} give T-1.
     */
    public double timestepForAlphaBar(double alphaBar) {
        if (!(alphaBar > 0)) throw new IllegalArgumentException("alphaBar must be positive, got " + alphaBar);
        if (alphaBar >= alphasCumprod[0]) return 0;
        int last = alphasCumprod.length - 1;
        if (alphaBar <= alphasCumprod[last]) return last;
        double target = Math.log(alphaBar);
        int lo = 0, hi = last;          // log ᾱ decreases: log ᾱ[lo] > target >= log ᾱ[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (logAlphasCumprod[mid] > target) lo = mid; else hi = mid;
        }
        return lo + (target - logAlphasCumprod[lo]) / (logAlphasCumprod[hi] - logAlphasCumprod[lo]);
    }

    /** The table itself; a copy. */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }
}
