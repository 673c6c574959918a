package org.diffusionij.bench;

/**
 * How much work a benchmark run does. {@link #full()} is sized to run well under an hour on a
 * 2-core CPU; {@link #quick()} only proves the plumbing (seconds, for the smoke test).
 *
 * @param tuneImages    test images 0..tuneImages-1 tune the classical baselines
 * @param evalStart     first test image of the evaluation slice (disjoint from the tuning slice)
 * @param evalImages    images per restoration task and degradation level
 * @param genSamples    samples per cheap sampler (DDIM, DPM-Solver++)
 * @param ddpmSamples   samples for DDPM (every sampler is also scored at this count)
 * @param ddpmSteps     DDPM steps (1000 = every training timestep)
 * @param genBatch      images per network call when generating
 * @param refImages     held-out test images forming the real reference set of FD and KID
 * @param floorPool     training images the floor's random draws come from
 * @param floorDraws    random draws averaged for the floor
 * @param kidSubsets    KID subsets
 * @param speedBatch    batch of the speed comparison
 * @param speedSteps    DPM-Solver++ steps of the speed comparison
 * @param speedRepeats  timed repeats (best counts)
 * @param memorySize    side of the image of the tiled-denoise memory measurement
 * @param seed          seed of every random choice (noise, masks, samples)
 */
public record BenchSettings(int tuneImages, int evalStart, int evalImages, int genSamples, int ddpmSamples,
                            int ddpmSteps, int genBatch, int refImages, int floorPool, int floorDraws, int kidSubsets,
                            int speedBatch, int speedSteps, int speedRepeats, int memorySize, long seed) {

    public BenchSettings {
        if (tuneImages < 1 || evalImages < 1 || genSamples < 2 || ddpmSamples < 2 || refImages < 2) {
            throw new IllegalArgumentException("image and sample counts must be positive (at least 2 for generation)");
        }
        if (evalStart < tuneImages) {
            throw new IllegalArgumentException("the evaluation slice (from " + evalStart
                    + ") must not overlap the tuning slice (0.." + (tuneImages - 1) + ")");
        }
    }

    public static BenchSettings full() {
        return new BenchSettings(50, 5000, 200, 500, 100, 1000, 25, 10000, 10000, 5, 100, 16, 20, 3, 4096, 1);
    }

    public static BenchSettings quick() {
        return new BenchSettings(3, 5000, 3, 6, 4, 30, 3, 40, 40, 2, 5, 2, 3, 1, 64, 1);
    }

    public BenchSettings withCounts(Integer evalImages, Integer genSamples, Integer ddpmSamples) {
        return new BenchSettings(tuneImages, evalStart, evalImages != null ? evalImages : this.evalImages,
                genSamples != null ? genSamples : this.genSamples, ddpmSamples != null ? ddpmSamples : this.ddpmSamples,
                ddpmSteps, genBatch, refImages, floorPool, floorDraws, kidSubsets, speedBatch, speedSteps, speedRepeats,
                memorySize, seed);
    }
}
