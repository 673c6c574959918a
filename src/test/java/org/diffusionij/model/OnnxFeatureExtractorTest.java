package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnnxFeatureExtractorTest {

    static final Path BLOCKS = Path.of("src/test/resources/bench/block_classifier.onnx");

    @Test
    void featuresAreTheBlockMeansOfTheHandBuiltClassifier() {
        // block_classifier.onnx: features = means of the 16 8x8 blocks; logits = features @ W,
        // W[i][j] = ((i + 2j) mod 5 - 2)/4 (src/test/resources/bench/make_block_classifier.py).
        int n = 300; // more than one internal batch of 256
        float[] x = new float[n * 32 * 32];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 32; y++) {
                for (int xx = 0; xx < 32; xx++) x[i * 1024 + y * 32 + xx] = (float) Math.sin(0.1 * i + 0.3 * y - 0.2 * xx);
            }
        }
        try (OnnxFeatureExtractor f = OnnxFeatureExtractor.load(BLOCKS, 1)) {
            assertEquals(32, f.imageSize());
            assertEquals(1, f.channels());
            double[][] feats = f.features(x, n);
            double[][] logits = f.logits(x, n);
            for (int i : new int[] {0, 1, 255, 256, 299}) {
                for (int b = 0; b < 16; b++) {
                    double s = 0;
                    for (int y = 0; y < 8; y++) {
                        for (int xx = 0; xx < 8; xx++) s += x[i * 1024 + ((b / 4) * 8 + y) * 32 + (b % 4) * 8 + xx];
                    }
                    // float32 pooling of 64 values of magnitude <= 1: error well below 1e-5
                    assertEquals(s / 64, feats[i][b], 1e-5, "image " + i + " block " + b);
                }
                for (int j = 0; j < 10; j++) {
                    double l = 0;
                    for (int b = 0; b < 16; b++) l += feats[i][b] * (((b + 2 * j) % 5 - 2) / 4.0);
                    assertEquals(l, logits[i][j], 1e-5, "image " + i + " logit " + j);
                }
            }
        }
    }

    @Test
    void unusableFilesAreRefusedWithTheReason() {
        ModelException missing = assertThrows(ModelException.class,
                () -> OnnxFeatureExtractor.load(Path.of("no/such/classifier.onnx"), 1));
        assertTrue(missing.getMessage().contains("--classifier"), missing.getMessage());
        // An ε-network is not a classifier: it has input x but no 'features'/'logits' outputs.
        ModelException wrong = assertThrows(ModelException.class,
                () -> OnnxFeatureExtractor.load(Path.of("src/test/resources/onnx/toy.onnx"), 1));
        assertTrue(wrong.getMessage().contains("logits"), wrong.getMessage());
        try (OnnxFeatureExtractor f = OnnxFeatureExtractor.load(BLOCKS, 1)) {
            assertThrows(IllegalArgumentException.class, () -> f.features(new float[100], 1));
        }
    }
}
