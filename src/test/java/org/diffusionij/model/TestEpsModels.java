package org.diffusionij.model;

import java.util.ArrayList;
import java.util.List;

import org.diffusionij.control.CancelToken;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.testing.TestModels;

/** Small test networks for tiling. */
final class TestEpsModels {

    private TestEpsModels() {
    }

    /**
     * A convolution-like network: ε = (5x5 box mean of x, mirrored borders) + 0.001·t. Local like a
     * UNet's receptive field, so tiles disagree only within 2 pixels of a tile edge.
     */
    static final class BoxFilterModel implements EpsModel {
        static final int RADIUS = 2;
        final ModelMetadata metadata;
        final List<int[]> calls = new ArrayList<>();   // {n, h, w} of each call

        BoxFilterModel(NoiseSchedule schedule, int channels, int sizeMultiple) {
            metadata = TestModels.metadata(schedule, channels, sizeMultiple);
        }

        @Override
        public ModelMetadata metadata() {
            return metadata;
        }

        @Override
        public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
            cancel.throwIfCancelled();
            if (x.length != n * metadata.channels() * h * w || eps.length != x.length) {
                throw new AssertionError("tensor length does not match n*C*h*w");
            }
            if (h % metadata.sizeMultiple() != 0 || w % metadata.sizeMultiple() != 0) {
                throw new AssertionError("size " + h + "x" + w + " is not a multiple of " + metadata.sizeMultiple());
            }
            calls.add(new int[] {n, h, w});
            int plane = h * w;
            for (int p = 0; p < x.length / plane; p++) {
                int b = p / metadata.channels();
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        double sum = 0;
                        for (int dy = -RADIUS; dy <= RADIUS; dy++) {
                            for (int dx = -RADIUS; dx <= RADIUS; dx++) {
                                sum += x[p * plane + mirror(y + dy, h) * w + mirror(xx + dx, w)];
                            }
                        }
                        eps[p * plane + y * w + xx] = (float) (sum / 25 + 0.001 * t[b]);
                    }
                }
            }
        }

        static int mirror(int i, int n) {
            if (n == 1) return 0;
            int period = 2 * (n - 1);
            int m = Math.floorMod(i, period);
            return m < n ? m : period - m;
        }

        @Override
        public String device() {
            return "box filter";
        }

        @Override
        public void close() {
        }
    }
}
