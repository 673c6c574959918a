package org.diffusionij.image;

import java.util.Locale;

/**
 * The {@code range=} option: which image values map to the model's [-1, 1].
 * <ul>
 * <li>{@code auto} (default): the model's fixed range for 8-bit/RGB images and for 32-bit images
 * whose values already lie in it; otherwise the range of the CLEAN signal estimated from the
 * noisy image ({@link CleanRange}), see {@link IntensityMap#choose};</li>
 * <li>{@code model}: the model's own convention whatever the image type (its fixed
 * intensity_low..intensity_high, or its percentiles of the image);</li>
 * <li>{@code LOW,HIGH}: these two image values, LOW &lt; HIGH.</li>
 * </ul>
 */
public final class IntensityRange {

    /** The kinds of range choice. */
    public enum Kind { AUTO, MODEL, EXPLICIT }

    /** The option's default text: {@code auto}. */
    public static final String DEFAULT = "auto";

    /** {@code auto}. */
    public static final IntensityRange AUTO = new IntensityRange(Kind.AUTO, Double.NaN, Double.NaN);
    /** {@code model}. */
    public static final IntensityRange MODEL = new IntensityRange(Kind.MODEL, Double.NaN, Double.NaN);

    private final Kind kind;
    private final double low;
    private final double high;

    private IntensityRange(Kind kind, double low, double high) {
        this.kind = kind;
        this.low = low;
        this.high = high;
    }

    /** An explicit range; LOW ≥ HIGH or a non-finite value is refused with one line. */
    public static IntensityRange of(double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("range LOW,HIGH must be two finite numbers, got " + low + "," + high);
        }
        if (!(low < high)) {
            throw new IllegalArgumentException("range " + fmt(low) + "," + fmt(high) + " has LOW >= HIGH: give the "
                    + "image value that maps to black first and the one that maps to white second, e.g. range=0,4095");
        }
        return new IntensityRange(Kind.EXPLICIT, low, high);
    }

    /** Parses {@code auto}, {@code model} or {@code LOW,HIGH} (blank = auto); one clear line otherwise. */
    public static IntensityRange parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("auto")) return AUTO;
        if (v.equals("model")) return MODEL;
        String[] parts = v.split(",", -1);
        if (parts.length == 2) {
            try {
                return of(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            } catch (NumberFormatException e) {
                // fall through to the one message below
            }
        }
        throw new IllegalArgumentException("range must be auto, model or LOW,HIGH (two image values, e.g. 0,4095), "
                + "got '" + s + "'");
    }

    public Kind kind() {
        return kind;
    }

    /** LOW of an explicit range (NaN otherwise). */
    public double low() {
        return low;
    }

    /** HIGH of an explicit range (NaN otherwise). */
    public double high() {
        return high;
    }

    /** The option's spelling: {@code auto}, {@code model} or {@code LOW,HIGH}. */
    @Override
    public String toString() {
        return kind == Kind.EXPLICIT ? fmt(low) + "," + fmt(high) : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntensityRange r && r.kind == kind && Double.compare(r.low, low) == 0
                && Double.compare(r.high, high) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(low) * 17 + Double.hashCode(high);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
