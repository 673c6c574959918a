package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import ij.ImagePlus;
import org.diffusionij.image.FloatStack;
import org.diffusionij.image.ImageFiles;
import org.diffusionij.metrics.FrechetDistance;
import org.diffusionij.metrics.Kid;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.metrics.Ssim;
import org.diffusionij.model.OnnxFeatureExtractor;
import org.diffusionij.model.ShippedModels;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code eval}: quality metrics on the user's own images. Either restored vs reference (PSNR and
 * SSIM per plane and their mean, optionally inside a mask), or a generated set vs a real set
 * (Fréchet distance and KID in a classifier's feature space).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Compute image quality metrics.",
                "  eval --restored A.tif --reference B.tif [--range R] [--mask M.tif]",
                "      PSNR and SSIM (Gaussian window σ=1.5, K1=0.01, K2=0.03) per plane and their mean.",
                "  eval --generated DIR_OR_STACK --real DIR_OR_STACK [--classifier C.onnx]",
                "      Fréchet distance and KID in the classifier's feature space."})
final class EvalCommand extends Subcommand {

    /** The shipped feature network for --generated/--real. */
    static final String CLASSIFIER = "fashion-mnist-classifier.onnx";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @ArgGroup(exclusive = false)
        Pairs pairs;
        @ArgGroup(exclusive = false)
        Sets sets;
    }

    static final class Pairs {
        @Option(names = "--restored", required = true, description = "restored image or stack (TIFF, PNG, ...)")
        Path restored;

        @Option(names = "--reference", required = true, description = "reference (ground truth), same size")
        Path reference;

        @Option(names = "--range", description = "data range R for PSNR/SSIM; default 255 for 8-bit and "
                + "65535 for 16-bit references; required for 32-bit")
        Double range;

        @Option(names = "--mask", description = "only pixels where this image is non-zero count (e.g. an "
                + "inpainting hole); one plane, or one per plane")
        Path mask;
    }

    static final class Sets {
        @Option(names = "--generated", required = true, description = "folder of images or one stack")
        Path generated;

        @Option(names = "--real", required = true, description = "folder of images or one stack")
        Path real;

        @Option(names = "--classifier", description = "feature network (inputs x [N,1,S,S] in [-1,1]; outputs "
                + "logits, features); default: the shipped models/" + CLASSIFIER + ", found next to the launcher")
        Path classifier;

        @Option(names = "--intensity", split = ",", description = "LOW,HIGH: pixel values mapped to -1 and +1 "
                + "for the classifier; default: ${DEFAULT-VALUE}")
        double[] intensity = {0, 255};

        @Option(names = "--kid-subsets", description = "KID subsets; default: ${DEFAULT-VALUE}")
        int kidSubsets = 100;

        @Option(names = "--kid-subset-size", description = "KID subset size (capped at the smaller set); "
                + "default: ${DEFAULT-VALUE}")
        int kidSubsetSize = 1000;

        @Option(names = "--seed", description = "seed of the KID subsets; default: ${DEFAULT-VALUE}")
        long seed = 0;

        @Option(names = "--threads", description = "classifier threads; default: all available processors")
        Integer threads;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = stdout();
        if (mode.pairs != null) {
            pairs(mode.pairs, out);
        } else {
            sets(mode.sets, out);
        }
        out.flush();
        return 0;
    }

    private static void pairs(Pairs p, PrintWriter out) throws IOException {
        FloatStack a = ImageFiles.read(p.restored);
        ImagePlus referenceImage = ImageFiles.open(p.reference);
        FloatStack b = ImageFiles.toFloatStack(referenceImage);
        if (a.n() != b.n() || a.c() != b.c() || a.h() != b.h() || a.w() != b.w()) {
            throw new IllegalArgumentException("restored " + p.restored + " is " + dims(a) + " but reference "
                    + p.reference + " is " + dims(b) + ": they must match");
        }
        double range = p.range != null ? p.range : defaultRange(p.reference, referenceImage.getBitDepth());
        if (!(range > 0) || Double.isInfinite(range)) throw new IllegalArgumentException("--range must be positive, got " + range);
        FloatStack mask = p.mask != null ? ImageFiles.read(p.mask) : null;
        int planes = a.n() * a.c(), plane = a.h() * a.w();
        if (mask != null && (mask.h() != a.h() || mask.w() != a.w() || (mask.n() * mask.c() != 1 && mask.n() * mask.c() != planes))) {
            throw new IllegalArgumentException("mask " + p.mask + " is " + dims(mask) + "; it must be one " + a.h() + "x"
                    + a.w() + " plane or one per plane (" + planes + ")");
        }
        out.printf(Locale.ROOT, "data range %s%s%n", num(range), mask != null ? "; inside the mask " + p.mask : "");
        out.println("plane  PSNR_dB  SSIM");
        double sumP = 0, sumS = 0;
        int counted = 0;
        for (int k = 0; k < planes; k++) {
            float[] x = slice(a.data(), k, plane), y = slice(b.data(), k, plane);
            boolean[] region = mask == null ? null : nonZero(slice(mask.data(), mask.n() * mask.c() == 1 ? 0 : k, plane));
            double psnr = region == null ? Psnr.compute(x, y, range) : Psnr.compute(x, y, region, range);
            double ssim = region == null ? Ssim.mean(x, y, a.h(), a.w(), range) : Ssim.meanOver(x, y, a.h(), a.w(), range, region);
            out.printf(Locale.ROOT, "%5d  %7s  %.4f%n", k + 1, num(psnr), ssim);
            sumP += psnr;
            sumS += ssim;
            counted++;
        }
        out.printf(Locale.ROOT, "mean   %7s  %.4f%n", num(sumP / counted), sumS / counted);
    }

    private static void sets(Sets s, PrintWriter out) throws IOException {
        if (s.intensity.length != 2 || !(s.intensity[0] < s.intensity[1])) {
            throw new IllegalArgumentException("--intensity needs LOW,HIGH with LOW < HIGH");
        }
        int threads = s.threads != null ? s.threads : Runtime.getRuntime().availableProcessors();
        // Found relative to the code, not the working folder (eval runs from anywhere).
        Path classifier = s.classifier != null ? s.classifier : ShippedModels.locate(CLASSIFIER, "--classifier");
        try (OnnxFeatureExtractor f = OnnxFeatureExtractor.load(classifier, threads)) {
            ImageSet gen = ImageSet.read(s.generated, f.imageSize(), s.intensity[0], s.intensity[1]);
            ImageSet real = ImageSet.read(s.real, f.imageSize(), s.intensity[0], s.intensity[1]);
            if (gen.count() < 2 || real.count() < 2) {
                throw new IllegalArgumentException("each set needs at least 2 images (generated " + gen.count() + ", real "
                        + real.count() + ")");
            }
            double[][] fg = f.features(gen.pixels(), gen.count());
            double[][] fr = f.features(real.pixels(), real.count());
            double fd = FrechetDistance.compute(fg, fr);
            Kid.Result kid = Kid.compute(fg, fr, s.kidSubsets, s.kidSubsetSize, s.seed);
            out.printf(Locale.ROOT, "generated  %d images (%s)%n", gen.count(), s.generated);
            out.printf(Locale.ROOT, "real       %d images (%s)%n", real.count(), s.real);
            out.printf(Locale.ROOT, "features   %d dimensions from %s%n", fg[0].length, classifier);
            out.printf(Locale.ROOT, "FD         %.4f%n", fd);
            out.printf(Locale.ROOT, "KID        %.6f ± %.6f (%d subsets of %d)%n", kid.mean(), kid.std(), kid.subsets(),
                    kid.subsetSize());
            if (Math.min(gen.count(), real.count()) < 2L * fg[0].length) {
                out.printf(Locale.ROOT, "note       FD is biased upwards at small counts (here fewer than twice the %d "
                        + "feature dimensions); compare FD only at equal counts, or use KID%n", fg[0].length);
            }
        }
    }

    private static double defaultRange(Path reference, int bits) {
        if (bits == 8 || bits == 24) return 255;
        if (bits == 16) return 65535;
        throw new IllegalArgumentException("reference " + reference + " is a 32-bit image: give its data range with "
                + "--range (e.g. 1 for data in [0, 1])");
    }

    private static float[] slice(float[] data, int k, int plane) {
        float[] out = new float[plane];
        System.arraycopy(data, k * plane, out, 0, plane);
        return out;
    }

    private static boolean[] nonZero(float[] m) {
        boolean[] b = new boolean[m.length];
        for (int i = 0; i < m.length; i++) b[i] = m[i] != 0;
        return b;
    }

    private static String dims(FloatStack s) {
        return s.n() + " image(s) x " + s.c() + " channel(s) of " + s.w() + "x" + s.h();
    }

    private static String num(double v) {
        return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.3f", v);
    }
}
