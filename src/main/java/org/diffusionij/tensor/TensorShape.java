package org.diffusionij.tensor;

/** The one shape check of NCHW arrays, shared by networks, tiling and tasks. */
public final class TensorShape {

    private TensorShape() {
    }

    /** Refuses a non-positive shape or an array whose length is not n*c*h*w. */
    public static void check(float[] x, int n, int c, int h, int w, String what) {
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
}
