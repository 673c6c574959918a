package org.diffusionij.image;

import java.io.IOException;

/**
 * An image file that cannot be used as it is: missing, unreadable, truncated, corrupt, of a
 * kind ImageJ does not read, or with nothing usable in it. The message is one line that names
 * the file (and the page where it matters) and says what to do.
 */
public class ImageFileException extends IOException {
    public ImageFileException(String message) {
        super(message);
    }

    public ImageFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
