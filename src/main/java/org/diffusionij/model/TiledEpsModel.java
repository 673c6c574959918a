package org.diffusionij.model;

import org.diffusionij.tensor.TensorShape;

import java.util.Arrays;

import org.diffusionij.control.CancelToken;

/**
 * Runs a network on images of any size: each image is cut into overlapping tiles of at most
 * {@code tile}² pixels, tiles go through the base model in batches of at most {@code tileBatch}
 * full-size tiles' worth of pixels (smaller tiles, e.g. whole small images, go more per call),
 * and their ε are blended with smooth raised-cosine weights normalised by the summed weights.
 * Blending ε at every step (MultiDiffusion, Bar-Tal et al. 2023) keeps the reverse process one
 * image, without seams. Sizes that the network cannot take (not a multiple of size_multiple) are
 * mirror-padded and cropped back: a fallback for direct callers only, since the image pipeline
 * pads every plane itself ({@code image.Padding}, the same {@code tensor.Mirror} rule) before the
 * sampler starts, so along the product path padding happens once. Memory for network input/output
 * is bounded by the tile batch.
 *
 * <p>Not thread-safe (reuses its buffers); does not close the base model (its owner does).
 */
public final class TiledEpsModel implements EpsModel {

    /**
     * Most tiles per network call by default ({@link #tilesPerCall}). On the CPU a bigger batch buys
     * no speed at 128 px tiles (measured: 71, 75, 79 ms of CPU per tile at 1, 2, 4 tiles per call),
     * it only holds more memory; a few tiles per call keep a GPU busy.
     */
    public static final int MAX_TILE_BATCH = 4;

    /**
     * Native memory one tile pixel holds during a network call, measured for fashion-mnist-32 at
     * 128² tiles (21 MiB per tile; bench/notes.md, "Speed, issue 14"); bigger networks need more.
     */
    static final long BYTES_PER_TILE_PIXEL = 1400;

    private final EpsModel base;
    private final int tile;
    private final int overlap;
    private final int tileBatch;
    private final int multiple;
    private final int channels;

    private TileAxis rows;
    private TileAxis cols;
    /** Network input, output and t per batch size (a full batch and the remainder), exact lengths. */
    private final java.util.Map<Integer, float[][]> buffers = new java.util.HashMap<>();
    private float[] tileIn;
    private float[] tileOut;

    /**
     * @param base      the network
     * @param tile      largest tile side, a multiple of the model's size_multiple
     * @param overlap   pixels shared by neighbouring tiles, 0 <= overlap < tile
     * @param tileBatch most tiles of {@code tile}² per network call, at least 1; smaller tiles go more per call
     *                  (as many pixels)
     */
    public TiledEpsModel(EpsModel base, int tile, int overlap, int tileBatch) {
        ModelMetadata m = base.metadata();
        this.multiple = m.sizeMultiple();
        this.channels = m.channels();
        if (tile < multiple || tile % multiple != 0) {
            throw new IllegalArgumentException("tile size " + tile + " must be a positive multiple of the model's size "
                    + "multiple " + multiple + " (e.g. " + Math.max(multiple, tile / multiple * multiple) + ")");
        }
        if (overlap < 0 || overlap >= tile) {
            throw new IllegalArgumentException("tile overlap must lie in [0, " + (tile - 1) + "], got " + overlap);
        }
        if (tileBatch < 1) throw new IllegalArgumentException("tile batch must be at least 1, got " + tileBatch);
        this.base = base;
        this.tile = tile;
        this.overlap = overlap;
        this.tileBatch = tileBatch;
    }

    /**
     * Tiles of {@link #defaultTile}, {@link #defaultOverlap} pixels shared, {@link #tilesPerCall}
     * tiles per call for the memory free now.
     */
    public static TiledEpsModel withDefaults(EpsModel base) {
        int tile = defaultTile(base.metadata());
        return new TiledEpsModel(base, tile, defaultOverlap(tile), tilesPerCall(tile, freeMemory()));
    }

    /**
     * Four times the training size, rounded down to the size multiple (128 for a 32 px model). Per
     * output pixel, 128 px tiles cost about as much network time as 64 px ones once overlap is
     * counted (attention grows with the tile, overlap shrinks), and they agree better with an
     * untiled run (measured in bench/notes.md, "Speed, issue 14").
     */
    public static int defaultTile(ModelMetadata m) {
        int k = m.sizeMultiple();
        return Math.max(k, 4 * m.sampleSize() / k * k);
    }

    /**
     * A sixteenth of the tile (8 px for 128 px tiles): twice the smallest overlap measured to leave
     * no seam in the blended result; on a 2048² image 88.6 % of computed pixels are output pixels.
     */
    public static int defaultOverlap(int tile) {
        return Math.max(1, tile / 16);
    }

    /**
     * Tiles per network call: as many as a quarter of {@code freeBytes} holds at
     * {@link #BYTES_PER_TILE_PIXEL}, at least 1 and at most {@link #MAX_TILE_BATCH}.
     */
    public static int tilesPerCall(int tile, long freeBytes) {
        long perTile = (long) tile * tile * BYTES_PER_TILE_PIXEL;
        return (int) Math.max(1, Math.min(MAX_TILE_BATCH, freeBytes / 4 / perTile));
    }

    /** Physical memory free now (container limits honoured), or 1 GiB when the JVM cannot tell. */
    public static long freeMemory() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long free = ((com.sun.management.OperatingSystemMXBean) os).getFreeMemorySize();
            if (free > 0) return free;
        }
        return 1L << 30;
    }

    /**
     * Share of the pixels the network computes for an {@code h}x{@code w} image that are output
     * pixels (the rest is overlap and padding): 1 for an image that fits one tile exactly.
     */
    public double outputShare(int h, int w) {
        TileAxis r = new TileAxis(h, tile, overlap, multiple), c = new TileAxis(w, tile, overlap, multiple);
        return (double) h * w / ((double) r.count() * r.extent * c.count() * c.extent);
    }

    /** Largest tile side in pixels. */
    public int tile() {
        return tile;
    }

    /** Pixels shared by neighbouring tiles (at least; tiles are spread evenly). */
    public int overlap() {
        return overlap;
    }

    /** Most tiles per network call. */
    public int tileBatch() {
        return tileBatch;
    }

    @Override
    public ModelMetadata metadata() {
        return base.metadata();
    }

    @Override
    public String device() {
        return base.device() + ", tiles " + tile + " px, overlap " + overlap + ", " + tileBatch + " per call";
    }

    /** Does not close the base model. */
    @Override
    public void close() {
    }

    @Override
    public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
        TensorShape.check(x, n, channels, h, w, "network input");
        plan(h, w);
        int plane = h * w;
        int eh = rows.extent, ew = cols.extent, tilePlane = eh * ew;
        int perCall = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) tileBatch * tile * tile / tilePlane));
        boolean whole = rows.count() == 1 && cols.count() == 1 && eh == h && ew == w;
        if (whole && n <= perCall) {
            base.predict(x, t, n, h, w, eps, cancel);
            return;
        }
        int perImage = rows.count() * cols.count();
        int total = n * perImage;
        Arrays.fill(eps, 0, n * channels * plane, 0f);
        for (int first = 0; first < total; first += perCall) {
            cancel.throwIfCancelled();
            int count = Math.min(perCall, total - first);
            float[] tileT = useBuffers(count, channels * tilePlane);
            for (int k = 0; k < count; k++) {
                int id = first + k;
                int b = id / perImage, ty = id % perImage / cols.count(), tx = id % cols.count();
                tileT[k] = t[b];
                gather(x, b, ty, tx, k, h, w);
            }
            base.predict(tileIn, tileT, count, eh, ew, tileOut, cancel);
            for (int k = 0; k < count; k++) {
                int id = first + k;
                int b = id / perImage, ty = id % perImage / cols.count(), tx = id % cols.count();
                scatter(eps, b, ty, tx, k, h, w);
            }
        }
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < channels; c++) {
                int offset = (b * channels + c) * plane;
                for (int y = 0; y < h; y++) {
                    float ry = rows.inverseWeightSum[y];
                    int row = offset + y * w;
                    for (int xx = 0; xx < w; xx++) eps[row + xx] *= ry * cols.inverseWeightSum[xx];
                }
            }
        }
    }

    private void plan(int h, int w) {
        if (rows != null && rows.length == h && cols.length == w) return;
        rows = new TileAxis(h, tile, overlap, multiple);
        cols = new TileAxis(w, tile, overlap, multiple);
        buffers.clear();   // sized for the previous tile shape
    }

    /** Points tileIn/tileOut at exact-length buffers for {@code count} tiles; returns the t buffer. */
    private float[] useBuffers(int count, int perTile) {
        int size = count * perTile;
        float[][] b = buffers.get(count);
        if (b == null || b[0].length != size) {
            b = new float[][] {new float[size], new float[size], new float[count]};
            buffers.put(count, b);
        }
        tileIn = b[0];
        tileOut = b[1];
        return b[2];
    }

    /** Copies tile (ty, tx) of image b into batch slot k, mirroring past the image edge. */
    private void gather(float[] x, int b, int ty, int tx, int k, int h, int w) {
        int eh = rows.extent, ew = cols.extent;
        int oy = rows.origin[ty], ox = cols.origin[tx];
        for (int c = 0; c < channels; c++) {
            int src = (b * channels + c) * h * w;
            int dst = (k * channels + c) * eh * ew;
            for (int p = 0; p < eh; p++) {
                int row = src + rows.source(oy + p) * w;
                int out = dst + p * ew;
                if (ox + ew <= w) {
                    System.arraycopy(x, row + ox, tileIn, out, ew);
                } else {
                    for (int q = 0; q < ew; q++) tileIn[out + q] = x[row + cols.source(ox + q)];
                }
            }
        }
    }

    /** Adds slot k's weighted ε into image b; padded pixels are dropped. */
    private void scatter(float[] eps, int b, int ty, int tx, int k, int h, int w) {
        int eh = rows.extent, ew = cols.extent;
        int oy = rows.origin[ty], ox = cols.origin[tx];
        float[] wy = rows.weight[ty], wx = cols.weight[tx];
        int ph = Math.min(eh, h - oy), pw = Math.min(ew, w - ox);
        for (int c = 0; c < channels; c++) {
            int dst = (b * channels + c) * h * w;
            int src = (k * channels + c) * eh * ew;
            for (int p = 0; p < ph; p++) {
                int row = dst + (oy + p) * w + ox;
                int in = src + p * ew;
                float a = wy[p];
                for (int q = 0; q < pw; q++) eps[row + q] += a * wx[q] * tileOut[in + q];
            }
        }
    }
}
