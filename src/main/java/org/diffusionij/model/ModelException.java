package org.diffusionij.model;

/** A model file that cannot be used, with a message that names the problem and the fix. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
