package org.diffusionij.model;

import org.diffusionij.tensor.Mirror;

/**
 * How one image axis of length {@code length} is cut into tiles: every tile has the same
 * {@code extent} (a multiple of the network's size multiple, at most the tile size, no larger than
 * covering the axis with the requested overlap needs), tile j starts at {@code origin[j]},
 * and its pixels are weighted by {@code weight[j]}: 1 inside, a raised-cosine ramp over the
 * overlap at edges shared with a neighbour, so blended ε changes smoothly across seams. An axis
 * shorter than a tile is one tile, mirror-padded up to the size multiple.
 */
final class TileAxis {

    final int length;
    final int extent;
    final int[] origin;
    final float[][] weight;
    /** 1 / Σ_j weight[j] at each image coordinate. */
    final float[] inverseWeightSum;

    TileAxis(int length, int tile, int overlap, int multiple) {
        this.length = length;
        if (length <= tile) {
            extent = (length + multiple - 1) / multiple * multiple;
            origin = new int[] {0};
        } else {
            int count = (int) Math.ceil((double) (length - overlap) / (tile - overlap));
            count = Math.max(count, 2);
            // The smallest tile (of the size multiple) that still covers the axis with `overlap`
            // shared pixels: the tiles get no more overlap than asked, so less computed padding.
            int needed = (int) Math.ceil((double) (length + (count - 1) * overlap) / count);
            extent = Math.min(tile, (needed + multiple - 1) / multiple * multiple);
            origin = new int[count];
            for (int j = 0; j < count; j++) origin[j] = (int) Math.round((double) j * (length - extent) / (count - 1));
        }
        weight = new float[origin.length][extent];
        double[] sum = new double[length];
        for (int j = 0; j < origin.length; j++) {
            for (int p = 0; p < extent; p++) {
                double wgt = 1;
                if (j > 0 && p < overlap) wgt = Math.min(wgt, ramp(p, overlap));
                if (j < origin.length - 1 && extent - 1 - p < overlap) wgt = Math.min(wgt, ramp(extent - 1 - p, overlap));
                weight[j][p] = (float) wgt;
                int at = origin[j] + p;
                if (at < length) sum[at] += weight[j][p];
            }
        }
        inverseWeightSum = new float[length];
        for (int i = 0; i < length; i++) inverseWeightSum[i] = (float) (1 / sum[i]);
    }

    /** sin² ramp from near 0 at the tile edge (d = 0) to 1 at d = overlap; always positive. */
    private static double ramp(int d, int overlap) {
        double s = Math.sin(Math.PI / 2 * (d + 1) / (overlap + 1));
        return s * s;
    }

    int count() {
        return origin.length;
    }

    /** Image coordinate read for tile coordinate {@code at}: mirrored past the end, as the pipeline pads. */
    int source(int at) {
        return Mirror.index(at, length);
    }
}
