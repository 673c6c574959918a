package org.diffusionij.baseline;

/** Argument checks shared by the single-plane filters. */
final class Planes {

    private Planes() {
    }

    static void check(float[] plane, int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException("image size must be positive, got " + h + "x" + w);
        if (plane.length != h * w) {
            throw new IllegalArgumentException("a " + h + "x" + w + " plane has " + h * w + " pixels, got " + plane.length);
        }
    }
}
