package org.diffusionij.bench;

import org.diffusionij.model.OnnxFeatureExtractor;

/**
 * Puts images into the classifier's feature space the same way for real and generated sets:
 * model space [-1, 1] at the model's size, clipped, nearest-upsampled to the classifier's size.
 */
public final class FeatureSpace {

    private final OnnxFeatureExtractor classifier;
    private final int modelSize;

    public FeatureSpace(OnnxFeatureExtractor classifier, int modelSize) {
        if (classifier.imageSize() % modelSize != 0) {
            throw new IllegalArgumentException("classifier images are " + classifier.imageSize() + " px, not a multiple of the model's "
                    + modelSize + " px");
        }
        if (classifier.channels() != 1) {
            throw new IllegalArgumentException("the classifier takes " + classifier.channels() + " channels; the benchmark uses grey images");
        }
        this.classifier = classifier;
        this.modelSize = modelSize;
    }

    /** Features of n images in model space (n·s·s values, NCHW with C = 1). */
    public double[][] ofModelSpace(float[] x, int n) {
        return classifier.features(toClassifier(x, n), n);
    }

    /** How many of the n images the classifier assigns to each class (argmax of the logits). */
    public int[] classHistogram(float[] x, int n) {
        double[][] logits = classifier.logits(toClassifier(x, n), n);
        int[] h = new int[logits[0].length];
        for (double[] l : logits) {
            int best = 0;
            for (int k = 1; k < l.length; k++) if (l[k] > l[best]) best = k;
            h[best]++;
        }
        return h;
    }

    private float[] toClassifier(float[] x, int n) {
        int s = modelSize, cs = classifier.imageSize(), f = cs / s;
        float[] up = new float[n * cs * cs];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < cs; y++) {
                for (int xx = 0; xx < cs; xx++) {
                    float v = x[i * s * s + (y / f) * s + xx / f];
                    up[i * cs * cs + y * cs + xx] = Math.max(-1f, Math.min(1f, v));
                }
            }
        }
        return up;
    }

    /** Features of images in [0, 1] at the model's size. */
    public double[][] ofUnitImages(java.util.List<float[]> images) {
        int s = modelSize;
        float[] x = new float[images.size() * s * s];
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            for (int j = 0; j < s * s; j++) x[i * s * s + j] = 2 * img[j] - 1;
        }
        return ofModelSpace(x, images.size());
    }
}
