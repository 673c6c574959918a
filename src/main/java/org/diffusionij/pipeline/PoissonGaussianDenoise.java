package org.diffusionij.pipeline;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.image.IntensityRange;
import org.diffusionij.task.Estimate;
import org.diffusionij.task.GeneralizedAnscombe;
import org.diffusionij.task.NoiseLevel;

/**
 * Denoise for photon counts ({@code noise=poisson-gaussian}): the generalized Anscombe transform
 * makes the noise unit-variance Gaussian, the Gaussian denoiser runs on it with σ = 1 and
 * {@code range=auto}, and the exact unbiased inverse (Mäkitalo & Foi) brings the estimate back.
 * Gain, offset and read noise are given or estimated from the whole stack (logged). The std of
 * the draws goes back through the inverse's local slope.
 */
public final class PoissonGaussianDenoise {

    /** {@code noise=} values. */
    public static final String GAUSSIAN = "gaussian";
    public static final String POISSON_GAUSSIAN = "poisson-gaussian";
    /** The default noise model. */
    public static final String NOISE = GAUSSIAN;
    /** Choices shown in dialogs. */
    public static final String[] NOISES = {GAUSSIAN, POISSON_GAUSSIAN};

    private final Given params;

    private record Given(OptionalDouble gain, OptionalDouble offset, OptionalDouble readNoise) {
    }

    private PoissonGaussianDenoise(Given params) {
        this.params = params;
    }

    /**
     * The Poisson-Gaussian path for {@code noise=poisson-gaussian}, or empty for {@code gaussian};
     * gain, offset and read noise as text (empty = estimate). Bad values give one line.
     */
    public static java.util.Optional<PoissonGaussianDenoise> parse(String noise, String gain, String offset,
                                                                  String readNoise) {
        String n = noise == null ? "" : noise.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals(GAUSSIAN)) {
            if (!blank(gain) || !blank(offset) || !blank(readNoise)) {
                throw new IllegalArgumentException("gain, offset and read-noise describe photon-count noise: add "
                        + "noise=poisson-gaussian, or leave them empty for Gaussian noise.");
            }
            return java.util.Optional.empty();
        }
        if (!n.equals(POISSON_GAUSSIAN)) {
            throw new IllegalArgumentException("noise is '" + noise + "' but must be gaussian or poisson-gaussian "
                    + "(photon counts: gain, offset, read-noise).");
        }
        Given p = new Given(number("gain", gain), number("offset", offset), number("read-noise",
                readNoise));
        // Check given values now (one line each), before any image or model is read.
        new GeneralizedAnscombe(p.gain.orElse(1), p.offset.orElse(0), p.readNoise.orElse(0));
        return java.util.Optional.of(new PoissonGaussianDenoise(p));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static OptionalDouble number(String name, String s) {
        if (blank(s)) return OptionalDouble.empty();
        try {
            return OptionalDouble.of(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + s + "' is not a number: give it in raw image units, or "
                    + "leave it empty to estimate it from the image.");
        }
    }

    /** Given values, the rest estimated from all planes of {@code img}. */
    GeneralizedAnscombe transformFor(float[][] planes, int w, int h) {
        if (params.gain.isPresent() && params.offset.isPresent() && params.readNoise.isPresent()) {
            return new GeneralizedAnscombe(params.gain.getAsDouble(), params.offset.getAsDouble(),
                    params.readNoise.getAsDouble());
        }
        GeneralizedAnscombe e = GeneralizedAnscombe.estimate(planes, w, h);
        if (params.gain.isEmpty() && params.offset.isEmpty() && params.readNoise.isEmpty()) return e;
        return new GeneralizedAnscombe(params.gain.orElse(e.gain()), params.offset.orElse(e.offset()),
                params.readNoise.orElse(e.readNoise()));
    }

    /**
     * Denoises {@code img} (gray, any bit depth) through the transform; the result keeps its type.
     * {@code range} must be auto (refused otherwise, one line).
     */
    public Restored restore(ImagePipeline pipeline, ImagePlus img, IntensityRange range, Estimate estimate, int samples,
                            boolean uncertainty, DiffusionOptions options, Consumer<String> log) {
        if (range.kind() != IntensityRange.Kind.AUTO) {
            // The transformed image has its own scale (about σ = 1), so a range in the raw units cannot apply.
            throw new IllegalArgumentException("range applies to Gaussian noise; with noise=poisson-gaussian the "
                    + "transformed image is mapped automatically: leave range=auto.");
        }
        if (img.getType() == ImagePlus.COLOR_RGB || img.getType() == ImagePlus.COLOR_256) {
            throw new IllegalArgumentException("noise=poisson-gaussian needs a gray image (photon counts), but '"
                    + img.getTitle() + "' is colour: convert it to 8/16/32-bit gray first.");
        }
        int w = img.getWidth(), h = img.getHeight();
        ImageStack stack = img.getStack();
        float[][] raw = new float[stack.getSize()][];
        for (int s = 0; s < raw.length; s++) raw[s] = (float[]) stack.getProcessor(s + 1).convertToFloat().getPixels();
        GeneralizedAnscombe gat = transformFor(raw, w, h);
        log.accept("Denoise: " + gat + "; generalized Anscombe transform, denoised with sigma 1, exact unbiased "
                + "inverse");
        ImagePlus vst = ImageTensors.allocateFloat(img, w, h, img.getTitle());
        for (int s = 0; s < raw.length; s++) vst.getStack().setPixels(gat.forward(raw[s]), s + 1);
        DenoiseOperation op = new DenoiseOperation(Optional.of(NoiseLevel.given(1)), estimate, samples, uncertainty, options);
        Restored r = pipeline.restore(vst, op, IntensityRange.AUTO);
        ImagePlus out = ImageTensors.allocate(img, w, h, img.getTitle() + " denoised");
        ImagePlus std = r.uncertainty();
        for (int s = 0; s < raw.length; s++) {
            float[] d = (float[]) r.image().getStack().getPixels(s + 1);
            ImageProcessor ip = out.getStack().getProcessor(s + 1);
            double max = img.getBitDepth() == 8 ? 255 : img.getBitDepth() == 16 ? 65535 : Double.NaN;
            float[] sd = std == null ? null : (float[]) std.getStack().getPixels(s + 1);
            for (int i = 0; i < d.length; i++) {
                double v = gat.inverse(d[i]);
                ip.setf(i, (float) (Double.isNaN(max) ? v : Math.max(0, Math.min(max, Math.rint(v)))));
                if (sd != null) sd[i] = (float) (sd[i] * slope(gat, d[i]));
            }
        }
        out = ImageTensors.finish(img, out);
        if (std != null) {
            std.setTitle(out.getTitle() + "-uncertainty");
            std.resetDisplayRange();
        }
        return new Restored(out, std);
    }

    /** |d inverse / d d| at {@code d}, by a central difference (the std's delta method). */
    private static double slope(GeneralizedAnscombe gat, double d) {
        double e = 1e-3 * Math.max(1, Math.abs(d));
        return Math.abs(gat.inverse(d + e) - gat.inverse(d - e)) / (2 * e);
    }
}
