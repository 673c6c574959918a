package org.diffusionij.bench;

import org.diffusionij.control.CancelToken;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;

/**
 * Wraps an {@link EpsModel} and adds up the wall time spent inside the network, the calls and the
 * images, so a benchmark can tell network time from everything else (the sampler's own arithmetic,
 * tiling, copying). Closing it does not close the wrapped model.
 */
public final class TimedEpsModel implements EpsModel {

    private final EpsModel inner;
    private long nanos;
    private long calls;
    private long images;
    private long pixels;

    public TimedEpsModel(EpsModel inner) {
        this.inner = inner;
    }

    @Override
    public ModelMetadata metadata() {
        return inner.metadata();
    }

    @Override
    public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
        long t0 = System.nanoTime();
        inner.predict(x, t, n, h, w, eps, cancel);
        nanos += System.nanoTime() - t0;
        calls++;
        images += n;
        pixels += (long) n * h * w;
    }

    @Override
    public String device() {
        return inner.device();
    }

    /** Seconds spent in {@link #predict} since the last reset. */
    public double networkSeconds() {
        return nanos / 1e9;
    }

    /** Network calls (batches) since the last reset. */
    public long calls() {
        return calls;
    }

    /** Image evaluations (sum of batch sizes) since the last reset. */
    public long images() {
        return images;
    }

    /** Pixels pushed through the network (sum of n·h·w) since the last reset. */
    public long pixels() {
        return pixels;
    }

    public void reset() {
        nanos = 0;
        calls = 0;
        images = 0;
        pixels = 0;
    }

    @Override
    public void close() {
        // the wrapped model belongs to the caller
    }
}
