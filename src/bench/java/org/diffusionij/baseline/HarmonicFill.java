package org.diffusionij.baseline;

/**
 * Fills a hole with the harmonic (Laplace) interpolant of its surroundings: the hole's pixels
 * solve the discrete Laplace equation (each equals the mean of its 4-neighbours) with the known
 * pixels as Dirichlet boundary and no flux across the image border. Solved by conjugate
 * gradients on the hole pixels (the system is symmetric positive definite) to a relative
 * residual of 1e-10.
 */
public final class HarmonicFill {

    private static final double TOLERANCE = 1e-10;

    private HarmonicFill() {
    }

    /**
     * A new plane equal to {@code plane} outside the hole and harmonic inside it.
     *
     * @param hole true where the pixel is unknown; same size as the plane
     * @throws IllegalArgumentException if no pixel is known
     */
    public static float[] fill(float[] plane, int h, int w, boolean[] hole) {
        int n = Planes.holeSize(plane, h, w, hole);
        float[] out = plane.clone();
        if (n == 0) return out;
        int[] index = new int[h * w];
        for (int i = 0, k = 0; i < index.length; i++) index[i] = hole[i] ? k++ : -1;
        int[] pixel = new int[n];
        for (int i = 0; i < index.length; i++) if (index[i] >= 0) pixel[index[i]] = i;

        // A·u = b with A = degree·I − adjacency among hole pixels, b = sum of known neighbours.
        double[] b = new double[n];
        int[] degree = new int[n];
        for (int k = 0; k < n; k++) {
            int y = pixel[k] / w, x = pixel[k] % w;
            int[][] nbs = {{y - 1, x}, {y + 1, x}, {y, x - 1}, {y, x + 1}};
            for (int[] q : nbs) {
                if (q[0] < 0 || q[0] >= h || q[1] < 0 || q[1] >= w) continue;
                degree[k]++;
                int j = q[0] * w + q[1];
                if (index[j] < 0) b[k] += plane[j];
            }
        }
        double[] u = new double[n];
        double[] r = b.clone(), p = b.clone(), ap = new double[n];
        double rr = dot(r, r), stop = TOLERANCE * TOLERANCE * Math.max(rr, 1e-300);
        for (int it = 0; it < 10 * n + 100 && rr > stop; it++) {
            multiply(index, pixel, degree, h, w, p, ap);
            double alpha = rr / dot(p, ap);
            for (int k = 0; k < n; k++) {
                u[k] += alpha * p[k];
                r[k] -= alpha * ap[k];
            }
            double rrNew = dot(r, r);
            for (int k = 0; k < n; k++) p[k] = r[k] + rrNew / rr * p[k];
            rr = rrNew;
        }
        for (int k = 0; k < n; k++) out[pixel[k]] = (float) u[k];
        return out;
    }

    private static void multiply(int[] index, int[] pixel, int[] degree, int h, int w, double[] v, double[] out) {
        for (int k = 0; k < v.length; k++) {
            int y = pixel[k] / w, x = pixel[k] % w;
            double s = degree[k] * v[k];
            if (y > 0 && index[pixel[k] - w] >= 0) s -= v[index[pixel[k] - w]];
            if (y < h - 1 && index[pixel[k] + w] >= 0) s -= v[index[pixel[k] + w]];
            if (x > 0 && index[pixel[k] - 1] >= 0) s -= v[index[pixel[k] - 1]];
            if (x < w - 1 && index[pixel[k] + 1] >= 0) s -= v[index[pixel[k] + 1]];
            out[k] = s;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
