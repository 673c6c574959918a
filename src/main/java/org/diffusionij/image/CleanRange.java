package org.diffusionij.image;

import java.util.Arrays;

import org.diffusionij.tensor.Mirror;

/**
 * The range of the CLEAN signal in a noisy image, from the pixel values and the noise level σ
 * alone (no network). Percentiles of the noisy values are inflated by ~3σ at each end, which
 * squeezes the signal into a sub-range the model never saw (measured: −3.5…−7 dB); the low end
 * matters most (an offset of 6 % of the range costs ~1.5 dB, a 6 % wider range ~0.02 dB).
 * <ul>
 * <li>Low end: the level of the darkest large region (background): a Gaussian blur of
 * {@value #BLUR_SIGMA} px cuts the noise to σ_b = σ·Σk² while keeping flat levels exactly; a
 * mean shift with window ±σ_b, started at the blurred image's {@value #START_PERCENTILE}th
 * percentile, climbs to the dark mode; the level is then fitted to a window lopsided towards the
 * mode's dark side ({@link #darkSide}), which the dim pixels around objects hardly reach. Known
 * weakness: a noisy image with no dark plateau (a ramp) has no mode to climb to. With σ = 0 (a clean
 * image) the plain {@value IntensityMap#ROBUST_LOW}/{@value IntensityMap#ROBUST_HIGH}
 * percentiles are the range.</li>
 * <li>High end: the {@value IntensityMap#ROBUST_HIGH} percentile of the noisy values deflated by
 * z·σ (z = Φ⁻¹(0.999) = 3.09, the excursion pure noise adds at that percentile). This is a first
 * guess; {@code task.PosteriorRange} refines it from the network's posterior mean.</li>
 * </ul>
 * Measured on held-out Fashion-MNIST images (32x32, truth 0): the low end of a 50-image 32-bit
 * stack lands at 3.8 of 255 at σ = 0.4 of the range (the mode alone: 6.4), and of single images
 * at 1.1 / 2.2 / 4.6 at σ = 0.1 / 0.2 / 0.4 (see {@link #darkSide}).
 */
public final class CleanRange {

    /** Blur radius (Gaussian σ in pixels) used for the background level. */
    public static final double BLUR_SIGMA = 1.5;
    /** Where the mean shift starts (percentile of the blurred image): inside the dark mode of an image with background. */
    public static final double START_PERCENTILE = 15;
    /** Φ⁻¹(0.999): how far pure Gaussian noise pushes the 99.9th percentile, in σ. */
    static final double Z_999 = 3.090232306167813;
    /** E[Z | −1 < Z < 3] for a standard normal Z: (φ(1) − φ(3)) / (Φ(3) − Φ(−1)). */
    static final double WINDOW_DEPTH = (Math.exp(-0.5) - Math.exp(-4.5)) / Math.sqrt(2 * Math.PI)
            / (0.9986501019683699 - 0.15865525393145707);

    private CleanRange() {
    }

    /**
     * {low, high} of the clean signal in planes of {@code w} x {@code h} raw values (NaN and
     * infinities ignored) with noise σ ({@code sigma} ≥ 0, image units). Flat or empty input gives
     * {NaN, NaN}.
     */
    public static double[] estimate(float[][] planes, int w, int h, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("noise level for the range estimate must be >= 0, got " + sigma);
        }
        int stride = Math.max(1, (int) Math.min(Integer.MAX_VALUE,
                ((long) planes.length * w * h + Percentiles.MAX_VALUES - 1) / Percentiles.MAX_VALUES));
        float[] raw = collect(planes, stride);
        if (raw.length == 0) return new double[] {Double.NaN, Double.NaN};
        Arrays.sort(raw);
        double pLow = Percentiles.ofSorted(raw, IntensityMap.ROBUST_LOW);
        double pHigh = Percentiles.ofSorted(raw, IntensityMap.ROBUST_HIGH);
        if (!(pHigh > pLow)) return new double[] {Double.NaN, Double.NaN};
        if (sigma == 0) return new double[] {pLow, pHigh};
        double[] k = kernel(BLUR_SIGMA);
        double factor = 0;
        for (double v : k) factor += v * v;          // noise std of the separable 2-D blur: σ·Σk²
        float[][] blurred = new float[planes.length][];
        for (int p = 0; p < planes.length; p++) blurred[p] = blur(planes[p], w, h, k);
        float[] smooth = collect(blurred, stride);
        Arrays.sort(smooth);
        double spread = pHigh - pLow;
        double window = sigma * factor;
        double low = darkSide(blurred, w, h, stride, sigma, k,
                meanShift(smooth, Percentiles.ofSorted(smooth, START_PERCENTILE), window));
        double high = pHigh - Z_999 * sigma;
        if (!(high > low)) high = Math.max(Percentiles.ofSorted(smooth, IntensityMap.ROBUST_HIGH), low + spread / 2);
        return new double[] {low, high};
    }

    /**
     * The background level from the dark side of its mode, started at the mean-shift mode. The
     * mean-shift window ±σ_b also holds the dim pixels around objects (the blur spreads them into
     * the background's bright tail), which pull the mode up; below the level there are background
     * pixels only. So the window is made lopsided, from 3 s below the level to 1 s above it (most of
     * the background, little of the objects' flanks), for z = (m − b)/s with s each blurred pixel's
     * own noise std (larger near the border, where the mirrored kernel folds onto itself), and m
     * solves mean(z | −1 < z < 3) = E[Z | −1 < Z < 3] by a fixed point. Measured (truth 0, of
     * 255): a 50-image Fashion-MNIST stack at σ = 0.4 of the range 3.8 (mode alone 6.4); single
     * images 1.1 / 2.2 / 4.6 ± 1.8 / 3.4 / 6.1 at σ = 0.1 / 0.2 / 0.4 (mode alone 1.3 / 2.4 / 5.8
     * ± 2.1 / 3.7 / 6.2). The dark side alone (0 < z < 3) is less biased on stacks (1.9) but, on
     * half the pixels, noisier (single images ± 2.6 / 5.1 / 9.6).
     */
    static double darkSide(float[][] blurred, int w, int h, int stride, double sigma, double[] k, double start) {
        double[] fx = foldedSquares(w, k), fy = foldedSquares(h, k);
        double m = start;
        for (int it = 0; it < 100; it++) {
            double sumZ = 0, sumS = 0;
            long count = 0, index = 0;
            for (float[] plane : blurred) {
                for (int i = 0; i < plane.length; i++) {
                    if (index++ % stride != 0 || !Float.isFinite(plane[i])) continue;
                    double s = sigma * Math.sqrt(fx[i % w] * fy[i / w]);
                    double z = (m - plane[i]) / s;
                    if (z > -1 && z < 3) {
                        sumZ += z;
                        sumS += s;
                        count++;
                    }
                }
            }
            if (count == 0) return m;
            double next = m + (WINDOW_DEPTH - sumZ / count) * sumS / count;
            if (Math.abs(next - m) <= 1e-6 * sigma) return next;
            m = next;
        }
        return m;
    }

    /** Per position of a line of n: Σ of the squared weights of the mirrored kernel (the blur's noise variance factor). */
    private static double[] foldedSquares(int n, double[] k) {
        int r = k.length / 2;
        double[] out = new double[n];
        double[] folded = new double[n];
        for (int x = 0; x < n; x++) {
            java.util.Arrays.fill(folded, 0);
            for (int i = -r; i <= r; i++) folded[Mirror.wholeSample(x + i, n)] += k[i + r];
            for (double f : folded) out[x] += f * f;
        }
        return out;
    }

    /** The mode nearest {@code start} by flat-kernel mean shift on sorted values. */
    static double meanShift(float[] sorted, double start, double window) {
        double m = start;
        for (int it = 0; it < 100; it++) {
            int a = lowerBound(sorted, m - window), b = lowerBound(sorted, Math.nextUp(m + window));
            if (b <= a) return m;
            double sum = 0;
            for (int i = a; i < b; i++) sum += sorted[i];
            double next = sum / (b - a);
            if (Math.abs(next - m) <= 1e-6 * window) return next;
            m = next;
        }
        return m;
    }

    private static int lowerBound(float[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static float[] collect(float[][] planes, int stride) {
        int total = 0;
        for (float[] p : planes) total += (p.length + stride - 1) / stride;
        float[] out = new float[total];
        int n = 0;
        long index = 0;
        for (float[] p : planes) {
            for (float v : p) {
                if (index++ % stride == 0 && Float.isFinite(v)) out[n++] = v;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static double[] kernel(double s) {
        int r = (int) Math.ceil(3 * s);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-0.5 * i * i / (s * s));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** Separable blur with mirrored borders; non-finite pixels get no weight. */
    private static float[] blur(float[] img, int w, int h, double[] k) {
        int r = k.length / 2;
        float[] tmp = new float[img.length], out = new float[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) tmp[y * w + x] = (float) convolve(img, y * w, 1, w, x, k, r);
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) out[y * w + x] = (float) convolve(tmp, x, w, h, y, k, r);
        }
        return out;
    }

    /** Σ k·v along one line (offset, step, length), skipping non-finite values and renormalising. */
    private static double convolve(float[] v, int offset, int step, int n, int at, double[] k, int r) {
        double sum = 0, weight = 0;
        for (int i = -r; i <= r; i++) {
            float f = v[offset + Mirror.wholeSample(at + i, n) * step];
            if (Float.isFinite(f)) {
                sum += k[i + r] * f;
                weight += k[i + r];
            }
        }
        return weight > 0 ? sum / weight : Float.NaN;
    }
}
