package org.diffusionij.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.diffusionij.baseline.GaussianFilter;
import org.diffusionij.baseline.MedianFilter;
import org.diffusionij.baseline.NonLocalMeans;
import org.diffusionij.metrics.Psnr;

/**
 * Picks each classical denoiser's parameters by grid search for the best mean PSNR on a tuning
 * split of images (disjoint from the evaluation split), separately for each noise level, so every
 * baseline is compared at its best.
 */
public final class BaselineTuning {

    /** One parameter setting of one method. */
    public record Candidate(String method, String params, UnaryOperator<float[]> filter) {
    }

    /** The winning setting and its mean PSNR on the tuning split. */
    public record Choice(Candidate candidate, double tuningPsnr, int candidatesTried) {
    }

    private BaselineTuning() {
    }

    /** The candidate with the highest mean PSNR of filter(degraded[i]) against clean[i]. */
    public static Choice best(List<Candidate> candidates, List<float[]> clean, List<float[]> degraded, double range) {
        if (candidates.isEmpty() || clean.isEmpty() || clean.size() != degraded.size()) {
            throw new IllegalArgumentException("need candidates and equally many clean and degraded tuning images");
        }
        record Scored(Candidate c, double psnr) {
        }
        Scored top = candidates.parallelStream()
                .map(c -> {
                    double s = 0;
                    for (int i = 0; i < clean.size(); i++) s += Psnr.compute(c.filter().apply(degraded.get(i)), clean.get(i), range);
                    return new Scored(c, s / clean.size());
                })
                .max(Comparator.comparingDouble(Scored::psnr))
                .orElseThrow();
        return new Choice(top.c(), top.psnr(), candidates.size());
    }

    /** Gaussian blur σ from 0.3 to 3.0 pixels in steps of 0.1. */
    public static List<Candidate> gaussianGrid(int size) {
        List<Candidate> out = new ArrayList<>();
        for (int k = 3; k <= 30; k++) {
            double s = k / 10.0;
            out.add(new Candidate("Gaussian filter", String.format(Locale.ROOT, "σ=%.1f px", s),
                    img -> GaussianFilter.apply(img, size, size, s)));
        }
        return out;
    }

    /** Median windows 3x3, 5x5, 7x7. */
    public static List<Candidate> medianGrid(int size) {
        List<Candidate> out = new ArrayList<>();
        for (int w = 3; w <= 7; w += 2) {
            int win = w;
            out.add(new Candidate("Median filter", win + "x" + win, img -> MedianFilter.apply(img, size, size, win)));
        }
        return out;
    }

    /**
     * Non-local means with the noise σ known: patch radius 1..3, search radius 5, 7 or 10, filter
     * strength h from 0.2σ to 1.3σ (Buades et al. 2011 recommend about 0.4σ); 21x21 is
     * Buades' usual search window, large on a 32x32 image.
     */
    public static List<Candidate> nonLocalMeansGrid(int size, double sigma) {
        List<Candidate> out = new ArrayList<>();
        double[] factors = {0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.3};
        for (int patch = 1; patch <= 3; patch++) {
            for (int search : new int[] {5, 7, 10}) {
                for (double f : factors) {
                    int p = patch;
                    double hf = f * sigma;
                    out.add(new Candidate("Non-local means",
                            String.format(Locale.ROOT, "patch %dx%d, search %dx%d, h=%.1fσ", 2 * p + 1, 2 * p + 1,
                                    2 * search + 1, 2 * search + 1, f),
                            img -> NonLocalMeans.apply(img, size, size, p, search, hf, sigma)));
                }
            }
        }
        return out;
    }
}
