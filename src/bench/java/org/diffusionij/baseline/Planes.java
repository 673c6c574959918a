package org.diffusionij.baseline;

/** Argument checks shared by the single-plane filters. */
final class Planes {

    private Planes() {
    }

    /**
     * The number of hole pixels, after checking the plane and its hole mask (the fills' shared rule):
     * the mask has the plane's size, and some pixel is known to fill the hole from.
     */
    static int holeSize(float[] plane, int h, int w, boolean[] hole) {
        check(plane, h, w);
        if (hole.length != plane.length) {
            throw new IllegalArgumentException("hole mask has " + hole.length + " pixels, the image " + plane.length);
        }
        int n = 0;
        for (boolean b : hole) if (b) n++;
        if (n == h * w) throw new IllegalArgumentException("the hole covers the whole image: nothing to fill it from");
        return n;
    }

    static void check(float[] plane, int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException("image size must be positive, got " + h + "x" + w);
        if (plane.length != h * w) {
            throw new IllegalArgumentException("a " + h + "x" + w + " plane has " + h * w + " pixels, got " + plane.length);
        }
    }
}
