package org.diffusionij.bench;

import java.util.ArrayList;
import java.util.List;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.OnnxFeatureExtractor;

/**
 * What every benchmark section needs: settings, the diffusion model, the classifier and the data.
 *
 * @param modelSize side of the model's images (its training size)
 */
public record BenchContext(BenchSettings settings, EpsModel model, OnnxFeatureExtractor classifier, IdxImages test,
                           IdxImages train, int modelSize, int threads, Report report) {

    /** Test images [from, from+count) in [0, 1] at the model's size. */
    public List<float[]> testImages(int from, int count) {
        return images(test, from, count);
    }

    /** Training images [from, from+count) in [0, 1] at the model's size. */
    public List<float[]> trainImages(int from, int count) {
        return images(train, from, count);
    }

    private List<float[]> images(IdxImages set, int from, int count) {
        if (from + count > set.count()) {
            throw new IllegalArgumentException("asked for images " + from + ".." + (from + count - 1) + " of a set of "
                    + set.count());
        }
        int canvas = Math.max(32, modelSize);
        List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(set.image(from + i, canvas, modelSize));
        return out;
    }
}
