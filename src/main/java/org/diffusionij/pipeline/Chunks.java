package org.diffusionij.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.diffusionij.control.Progress;
import org.diffusionij.image.ImageBatch;

/**
 * Cuts a batch of samples into chunks that are run through the network together: big enough to
 * batch network calls, small enough that the sampler's working arrays (a few copies of the chunk)
 * stay bounded whatever the stack length.
 */
final class Chunks {

    /** At most this many floats per chunk tensor (16 MB). */
    static final int MAX_VALUES = 1 << 22;
    /** At most this many samples per network batch. */
    static final int MAX_SAMPLES = 16;

    private Chunks() {
    }

    /** Samples per chunk for samples of {@code sampleLength} values. */
    static int size(long sampleLength) {
        return (int) Math.max(1, Math.min(MAX_SAMPLES, MAX_VALUES / sampleLength));
    }

    /** Number of chunks for {@code count} samples. */
    static int count(int count, long sampleLength) {
        int s = size(sampleLength);
        return (count + s - 1) / s;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) as one NCHW array. */
    static float[] pack(ImageBatch b, int from, int to) {
        int len = b.sampleLength();
        float[] x = new float[(to - from) * len];
        for (int i = from; i < to; i++) System.arraycopy(b.sample(i), 0, x, (i - from) * len, len);
        return x;
    }

    /** Splits an NCHW array of {@code n} samples into {@code out}, one new array each. */
    static void unpack(float[] x, int n, int sampleLength, List<float[]> out) {
        for (int i = 0; i < n; i++) {
            float[] s = new float[sampleLength];
            System.arraycopy(x, i * sampleLength, s, 0, sampleLength);
            out.add(s);
        }
    }

    /** A fresh list for the samples of a result. */
    static List<float[]> list(int count) {
        return new ArrayList<>(count);
    }

    /**
     * Progress of chunk {@code index} of {@code chunks} as part of the whole job: each chunk's
     * (done, total) is placed after the chunks before it.
     */
    static Progress part(Progress whole, int index, int chunks) {
        if (chunks == 1) return whole;
        return (done, total, message) -> whole.update(index * total + done, chunks * total,
                message + " of batch " + (index + 1) + "/" + chunks);
    }
}
