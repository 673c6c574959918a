package org.diffusionij.task;

import org.diffusionij.tensor.TensorShape;

/** Checks on the flat NCHW tensors tasks receive, with messages that name the problem. */
final class Tensors {

    private Tensors() {
    }

    /** Refuses a non-positive shape or an array whose length is not n*c*h*w. */
    static void checkShape(float[] x, int n, int c, int h, int w, String what) {
        TensorShape.check(x, n, c, h, w, what);
    }

    /** Refuses NaN or infinite values (they would poison every step). */
    static void checkFinite(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException(what + " contains " + x[i] + " at index " + i
                        + "; replace NaN/infinite pixels before running");
            }
        }
    }

    /** n*c*h*w as an int, refusing sizes no Java array can hold. */
    static int size(long n, long c, long h, long w, String what) {
        long size = n * c * h * w;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " of " + n + " x " + c + " x " + h + " x " + w
                    + " values is too large for one array; process fewer or smaller images");
        }
        return (int) size;
    }
}
