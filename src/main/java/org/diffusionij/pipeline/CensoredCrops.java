package org.diffusionij.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.Padding;

/**
 * The bounded sample of an image on which Denoise refines σ of clipped noise
 * ({@link org.diffusionij.task.CensoredDenoise#sigma}): crops of at most {@link #SIDE} px from
 * all samples, the ones richest in both censored and observed pixels first, at most
 * {@link #PIXELS} pixels per plane in all, so that the refinement's network cost is the same on any image size.
 * A crop needs both kinds: the fixed point reads σ from the observed spread next to the imputed one
 * (a crop all saturated would shrink σ every round, one all observed says nothing about clipping).
 */
final class CensoredCrops {

    /** Crop side: small enough to fall between objects onto background, large next to the 32 px model. */
    static final int SIDE = 64;
    /**
     * Pixels per plane in all crops together (256²): Donoho's estimate then rests on 16,384 diagonal
     * wavelet coefficients (about 1 % relative error) and each fixed-point round costs a network
     * call on 65,536 pixels, 1.6 % of one call on a 2048² image.
     */
    static final int PIXELS = 256 * 256;

    /**
     * Below this share of saturated pixels in the whole image σ is not refined: clipping then moves
     * Donoho's estimate by less than its 0.5 % steps on 8-bit data (bench/clipped_donoho.py, 1024²:
     * no change up to 1 % saturated; −3 % at 2.5 %, −7 % at 5 %, −19 % at 15 %), less than its own
     * sampling error on 256² pixels.
     */
    static final double MIN_FRACTION = 0.01;

    /** n crops, n x C x h x w in model space. */
    final float[] x;
    final int n, h, w;

    private CensoredCrops(float[] x, int n, int h, int w) {
        this.x = x;
        this.n = n;
        this.h = h;
        this.w = w;
    }

    private record Block(int sample, int y, int x, long score) {
    }

    /**
     * @return the crops, or null when fewer than {@link #MIN_FRACTION} of the pixels are censored (at or
     *         beyond {@code lo}, {@code hi}) or no crop has both censored and observed pixels
     */
    static CensoredCrops choose(ImageJob job, float lo, float hi) {
        int m = job.metadata().sizeMultiple();
        ImageBatch first = job.samples(0, 1);
        int ph = Padding.target(first.height(), m, m), pw = Padding.target(first.width(), m, m);
        int side = Math.max(m, SIDE / m * m), h = Math.min(side, ph), w = Math.min(side, pw);
        int keep = Math.max(1, PIXELS / (h * w));
        List<Block> best = new ArrayList<>();
        Comparator<Block> order = Comparator.comparingLong(Block::score).reversed();
        long all = 0, total = 0;
        for (int s = 0; s < job.count(); s++) {
            ImageBatch raw = s == 0 ? first : job.samples(s, s + 1);
            for (float u : raw.sample(0)) if (u <= lo || u >= hi) all++;
            total += raw.sampleLength();
            ImageBatch one = Padding.pad(raw, ph, pw);
            float[] v = one.sample(0);
            for (int oy : origins(ph, h)) {
                for (int ox : origins(pw, w)) {
                    long censored = 0;
                    for (int c = 0; c < one.channels(); c++) {
                        for (int yy = 0; yy < h; yy++) {
                            int row = (c * ph + oy + yy) * pw + ox;
                            for (int xx = 0; xx < w; xx++) if (v[row + xx] <= lo || v[row + xx] >= hi) censored++;
                        }
                    }
                    long score = Math.min(censored, (long) one.channels() * h * w - censored);
                    if (score == 0) continue;
                    best.add(new Block(s, oy, ox, score));
                    best.sort(order);                       // stable: earlier blocks win ties
                    if (best.size() > keep) best.remove(keep);
                }
            }
        }
        if (best.isEmpty() || all < MIN_FRACTION * total) return null;
        int c = first.channels(), n = best.size();
        float[] x = new float[n * c * h * w];
        int loaded = -1;
        float[] v = null;
        best.sort(Comparator.comparingInt(Block::sample));
        for (int k = 0; k < n; k++) {
            Block b = best.get(k);
            if (b.sample() != loaded) {
                v = Padding.pad(job.samples(b.sample(), b.sample() + 1), ph, pw).sample(0);
                loaded = b.sample();
            }
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < h; yy++) {
                    System.arraycopy(v, (ch * ph + b.y() + yy) * pw + b.x(), x, ((k * c + ch) * h + yy) * w, w);
                }
            }
        }
        return new CensoredCrops(x, n, h, w);
    }

    /** Crop origins along an axis of {@code length}: every {@code size}, the last flush with the end. */
    private static int[] origins(int length, int size) {
        int count = (length + size - 1) / size;
        int[] o = new int[count];
        for (int i = 0; i < count; i++) o[i] = Math.min(i * size, length - size);
        return o;
    }
}
