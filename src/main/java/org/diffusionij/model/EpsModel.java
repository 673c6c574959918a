package org.diffusionij.model;

import org.diffusionij.control.CancelToken;

/**
 * An ε-prediction network: the one interface the diffusion math sees. Tensors are flat float
 * arrays in NCHW order, in model space (data mapped to [-1, 1]).
 */
public interface EpsModel extends AutoCloseable {

    /** The model's diffusion definition and model card. */
    ModelMetadata metadata();

    /**
     * Predicts ε for a batch of {@code n} images of {@code channels x h x w}.
     *
     * @param x      input, length n*C*h*w; not modified
     * @param t      timestep of each image, length n (may be fractional)
     * @param eps    output, same length as x; fully overwritten
     * @param cancel stops the call in flight when cancelled ({@link org.diffusionij.control.CancelledException})
     */
    void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel);

    /** The device this model runs on, in words (for logs), e.g. "CPU (2 threads)". */
    String device();

    @Override
    void close();
}
