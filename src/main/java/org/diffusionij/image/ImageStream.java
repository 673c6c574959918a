package org.diffusionij.image;

import java.io.IOException;

/**
 * An output file that takes images as they are made, in order ({@link TiffStackStream},
 * {@link PngGridStream}): {@link #commit} once all announced images are in makes the file;
 * {@link #close} without a commit leaves nothing.
 */
public interface ImageStream extends AutoCloseable {

    /** Adds the next images (values in data units). */
    void append(FloatStack images) throws IOException;

    /** Finishes the file and puts it in place; all announced images must have been appended. */
    void commit() throws IOException;

    /** Removes the unfinished file, unless committed. */
    @Override
    void close() throws IOException;
}
