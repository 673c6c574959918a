package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;
import org.diffusionij.control.Progress;
import org.diffusionij.sampler.DiffusionLoop;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.sampler.StepHook;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.TimestepSpacing;
import org.diffusionij.testing.GaussianOracleModel;
import org.junit.jupiter.api.Test;

class TiledEpsModelTest {

    static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000, 0.008);

    static float[] random(int size, long seed) {
        float[] x = new float[size];
        new GaussianNoise(seed).fill(x);
        return x;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void perPixelModelGivesTheUntiledResult() {
        // ε of a per-pixel network does not depend on the tile, so the blend Σ wε / Σ w must return it;
        // only float rounding of the weighted sum differs (a few ulp of |ε| <= ~5: 1e-5).
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, 0.3, 0.5, 2, 8);
        int[][] sizes = {{100, 77}, {20, 13}, {32, 200}, {1, 1}, {33, 8}};
        for (int[] size : sizes) {
            int n = 2, h = size[0], w = size[1];
            float[] x = random(n * 2 * h * w, h * 31 + w);
            float[] t = {10f, 700f};
            float[] expected = new float[x.length], tiled = new float[x.length];
            oracle.predict(x, t, n, h, w, expected, CancelToken.none());
            new TiledEpsModel(oracle, 32, 8, 3).predict(x, t, n, h, w, tiled, CancelToken.none());
            assertTrue(maxAbsDiff(expected, tiled) <= 1e-5, h + "x" + w + ": " + maxAbsDiff(expected, tiled));
        }
    }

    @Test
    void callsStayWithinTileSizeBatchAndSizeMultiple() {
        TestEpsModels.BoxFilterModel box = new TestEpsModels.BoxFilterModel(COSINE, 1, 8);
        TiledEpsModel tiled = new TiledEpsModel(box, 32, 8, 3);
        int n = 2, h = 70, w = 45;
        float[] x = random(n * h * w, 3), copy = x.clone(), eps = new float[x.length];
        tiled.predict(x, new float[] {5, 5}, n, h, w, eps, CancelToken.none());
        assertArrayEquals(copy, x, "input must not be modified");
        // rows: 70 -> 3 tiles of 32, cols: 45 -> 2 tiles of 32; 2 images -> 12 tiles in batches of 3.
        assertEquals(4, box.calls.size());
        for (int[] call : box.calls) {
            assertTrue(call[0] <= 3 && call[1] == 32 && call[2] == 32, Arrays.toString(call));
        }
        // An image smaller than a tile and not a multiple of 8 is padded up to 24 x 16, not to a whole tile.
        box.calls.clear();
        float[] small = random(21 * 13, 4);
        tiled.predict(small, new float[] {5}, 1, 21, 13, new float[small.length], CancelToken.none());
        assertEquals(1, box.calls.size());
        assertArrayEquals(new int[] {1, 24, 16}, box.calls.get(0));
    }

    @Test
    void wholeImagesPassStraightThrough() {
        TestEpsModels.BoxFilterModel box = new TestEpsModels.BoxFilterModel(COSINE, 1, 8);
        float[] x = random(3 * 32 * 24, 5), direct = new float[x.length], viaTiles = new float[x.length];
        float[] t = {1, 2, 3};
        box.predict(x, t, 3, 32, 24, direct, CancelToken.none());
        new TiledEpsModel(box, 32, 8, 4).predict(x, t, 3, 32, 24, viaTiles, CancelToken.none());
        assertArrayEquals(direct, viaTiles);
        assertArrayEquals(new int[] {3, 32, 24}, box.calls.get(1));
    }

    @Test
    void convolutionLikeModelHasSmallSeams() {
        // The box filter sees mirrored instead of true neighbours within 2 px of an interior tile edge;
        // there the ramp gives that tile a weight of at most sin²(π/2·3/9) = 0.25 against 1 for its
        // neighbour, so a seam keeps at most 0.25/1.25 = 20% of the raw edge error of abutting tiles
        // (measured: 0.054 vs 0.617, 9%).
        TestEpsModels.BoxFilterModel box = new TestEpsModels.BoxFilterModel(COSINE, 1, 8);
        int h = 96, w = 80;
        float[] x = random(h * w, 6), t = {300};
        float[] exact = new float[x.length], blended = new float[x.length], abutting = new float[x.length];
        box.predict(x, t, 1, h, w, exact, CancelToken.none());
        new TiledEpsModel(box, 32, 8, 4).predict(x, t, 1, h, w, blended, CancelToken.none());
        new TiledEpsModel(box, 32, 0, 4).predict(x, t, 1, h, w, abutting, CancelToken.none());
        double raw = maxAbsDiff(exact, abutting), seam = maxAbsDiff(exact, blended);
        assertTrue(seam < 0.2 * raw, "blended seam error " + seam + " vs abutting tiles " + raw);
    }

    @Test
    void tiledSamplingMatchesUntiledSampling() {
        // Whole reverse process through tiles with the per-pixel oracle: ε agrees to float rounding
        // (~1e-7 relative) and, starting at t = 900, the trajectories stay within 1e-5 (measured 5e-7).
        // (From t = 999, where ᾱ = 2.4e-9, the first step multiplies ε rounding by ~4e3 in x and the
        // same comparison measures 5e-4: conditioning of the schedule, not of the tiling.)
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, 0.3, 0.5, 1, 8);
        int h = 72, w = 50;
        float[] start = random(2 * h * w, 7);
        SamplerSettings s = SamplerSettings.defaults().withSteps(10).withSpacing(TimestepSpacing.LEADING);
        float[] plain = DiffusionLoop.run(oracle, s, start.clone(), 2, h, w, new GaussianNoise(1), StepHook.NONE,
                Progress.none(), CancelToken.none());
        float[] tiled = DiffusionLoop.run(new TiledEpsModel(oracle, 32, 8, 4), s, start.clone(), 2, h, w,
                new GaussianNoise(1), StepHook.NONE, Progress.none(), CancelToken.none());
        assertTrue(maxAbsDiff(plain, tiled) <= 1e-5, "tiled vs untiled sampling: " + maxAbsDiff(plain, tiled));
    }

    @Test
    void cancellationStopsBetweenTileBatches() {
        CancelToken cancel = new CancelToken();
        TestEpsModels.BoxFilterModel box = new TestEpsModels.BoxFilterModel(COSINE, 1, 8);
        EpsModel cancelling = new EpsModel() {
            public org.diffusionij.model.ModelMetadata metadata() {
                return box.metadata();
            }

            public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken c) {
                box.predict(x, t, n, h, w, eps, c);
                cancel.cancel();
            }

            public String device() {
                return "";
            }

            public void close() {
            }
        };
        float[] x = random(128 * 128, 8);
        assertThrows(CancelledException.class, () -> new TiledEpsModel(cancelling, 32, 8, 2)
                .predict(x, new float[] {1}, 1, 128, 128, new float[x.length], cancel));
        assertEquals(1, box.calls.size());
    }

    @Test
    void badSettingsAreRefused() {
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, 0, 1, 1, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TiledEpsModel(oracle, 30, 4, 2));
        assertTrue(e.getMessage().contains("multiple"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TiledEpsModel(oracle, 32, 32, 2));
        assertThrows(IllegalArgumentException.class, () -> new TiledEpsModel(oracle, 32, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new TiledEpsModel(oracle, 32, 8, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new TiledEpsModel(oracle, 32, 8, 2)
                .predict(new float[10], new float[1], 1, 4, 4, new float[10], CancelToken.none()));
        assertTrue(e.getMessage().contains("10 values"), e.getMessage());
    }

    @Test
    void defaultsFollowTheTrainingSizeAndTheFreeMemory() {
        // Defaults changed in issue 14 (bench/notes.md, "Speed, issue 14"): 4x the training size
        // instead of 2x, a sixteenth of it as overlap instead of a quarter, tiles per call from memory.
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, 0, 1, 1, 8);
        TiledEpsModel d = TiledEpsModel.withDefaults(oracle);
        assertEquals(128, d.tile());   // sample_size 32 in TestModels
        assertEquals(8, d.overlap());
        assertTrue(d.tileBatch() >= 1 && d.tileBatch() <= TiledEpsModel.MAX_TILE_BATCH, "" + d.tileBatch());
        long perTile = 128L * 128 * TiledEpsModel.BYTES_PER_TILE_PIXEL;
        assertEquals(1, TiledEpsModel.tilesPerCall(128, 0));
        assertEquals(3, TiledEpsModel.tilesPerCall(128, 4 * 3 * perTile + 1));
        assertEquals(TiledEpsModel.MAX_TILE_BATCH, TiledEpsModel.tilesPerCall(128, Long.MAX_VALUE / 2));
    }

    @Test
    void smallerTilesGoMorePerCall() {
        // The batch bound is in pixels: tileBatch tiles of tile² each. 16 whole 32x32 images fit
        // one call of 128² tiles x 1 (16 * 32² = 128²); 70x45 images (tiles of 72x48) go 4 per call.
        TestEpsModels.BoxFilterModel box = new TestEpsModels.BoxFilterModel(COSINE, 1, 8);
        TiledEpsModel tiled = new TiledEpsModel(box, 128, 8, 1);
        float[] x = random(16 * 32 * 32, 9), eps = new float[x.length], direct = new float[x.length];
        float[] t = new float[16];
        tiled.predict(x, t, 16, 32, 32, eps, CancelToken.none());
        assertEquals(1, box.calls.size());
        assertArrayEquals(new int[] {16, 32, 32}, box.calls.get(0));
        box.calls.clear();
        float[] y = random(9 * 70 * 45, 10);
        tiled.predict(y, new float[9], 9, 70, 45, new float[y.length], CancelToken.none());
        assertEquals(3, box.calls.size());   // 9 images, at most 128² / (72 * 48) = 4 per call
        assertArrayEquals(new int[] {4, 72, 48}, box.calls.get(0));
        assertArrayEquals(new int[] {1, 72, 48}, box.calls.get(2));
        box.predict(x, t, 16, 32, 32, direct, CancelToken.none());
        assertArrayEquals(direct, eps);
    }

    @Test
    void tilesShrinkToTheOverlapAsked() {
        // 2048 px with 128 px tiles and 8 px overlap: 17 tiles of exactly 128 (17*128 - 16*8 = 2048);
        // 300 px: 3 tiles of 112 (300 + 2*8 over 3 is 106, rounded up to the size multiple 8) cover it
        // with at least 8 shared pixels: 3*112 pixels computed per row instead of 3*128.
        GaussianOracleModel oracle = new GaussianOracleModel(COSINE, 0, 1, 1, 8);
        TiledEpsModel tiled = new TiledEpsModel(oracle, 128, 8, 4);
        TileAxis a = new TileAxis(300, 128, 8, 8);
        assertEquals(3, a.count());
        assertEquals(112, a.extent);   // ceil(316/3) = 106 -> 112, the next multiple of 8
        for (int j = 1; j < a.count(); j++) assertTrue(a.origin[j - 1] + a.extent - a.origin[j] >= 8, "overlap " + j);
        assertEquals(300, a.origin[a.count() - 1] + a.extent);
        assertEquals(2048.0 * 2048 / (17 * 128 * 17 * 128), tiled.outputShare(2048, 2048), 1e-12);
        assertTrue(tiled.outputShare(2048, 2048) >= 0.85);
        assertEquals(300.0 * 300 / (3 * 112 * 3 * 112), tiled.outputShare(300, 300), 1e-12);
        assertEquals(1.0, tiled.outputShare(128, 64), 0);
    }
}
