package org.diffusionij.cli;


/** An image size {@code HxW} (height by width) or {@code N} for N x N. */
record ImageSize(int height, int width) {

    ImageSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
        }
    }

    static ImageSize parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            int x = s.indexOf('x');
            if (x < 0) {
                int n = Integer.parseInt(s);
                return new ImageSize(n, n);
            }
            return new ImageSize(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not HxW (height x width, e.g. 32x32) or N");
        }
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
