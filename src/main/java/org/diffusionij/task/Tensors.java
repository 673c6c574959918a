package org.diffusionij.task;

/** Checks on the flat NCHW tensors tasks receive, with messages that name the problem. */
final class Tensors {

    private Tensors() {
    }

    /** Refuses a non-positive shape or an array whose length is not n*c*h*w. */
    static void checkShape(float[] x, int n, int c, int h, int w, String what) {
        if (x == null) throw new IllegalArgumentException(what + " is missing");
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException(what + " shape must be positive, got n=" + n + ", c=" + c + ", h=" + h
                    + ", w=" + w);
        }
        long expected = (long) n * c * h * w;
        if (x.length != expected) {
            throw new IllegalArgumentException(what + " has " + x.length + " values but " + n + " image(s) of " + c
                    + " channel(s) x " + h + " x " + w + " need " + expected);
        }
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
