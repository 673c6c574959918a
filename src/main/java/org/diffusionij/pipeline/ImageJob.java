package org.diffusionij.pipeline;

import java.util.function.Consumer;

import ij.ImagePlus;
import org.diffusionij.control.CancelToken;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;

/** What one run of an {@link ImageOperation} sees: the model, the image and how it maps to model space. */
public final class ImageJob {

    private final EpsModel model;
    private final ImagePlus image;
    private final ChannelLayout layout;
    private final IntensityMap map;
    private final int count;
    private final CancelToken token;
    private final Consumer<String> log;

    ImageJob(EpsModel model, ImagePlus image, ChannelLayout layout, IntensityMap map, CancelToken token,
             Consumer<String> log) {
        this.model = model;
        this.image = image;
        this.layout = layout;
        this.map = map;
        this.count = layout.sampleCount(image);
        this.token = token;
        this.log = log;
    }

    /** The network (tiled), to run the task with. */
    public EpsModel model() {
        return model;
    }

    public ModelMetadata metadata() {
        return model.metadata();
    }

    /** The input image; only read. */
    public ImagePlus image() {
        return image;
    }

    public ChannelLayout layout() {
        return layout;
    }

    /** Image intensities to model space and back. */
    public IntensityMap map() {
        return map;
    }

    /** Number of samples the image gives in {@link #layout()}. */
    public int count() {
        return count;
    }

    /** The token every network call of this run watches. */
    public CancelToken token() {
        return token;
    }

    /** Writes one line to the run's log (Fiji's log, or the launcher's stderr). */
    public void log(String line) {
        log.accept(line);
    }

    /** Samples {@code from}..{@code to} (exclusive) of the image in model space, unpadded; read on demand. */
    public ImageBatch samples(int from, int to) {
        return ImageTensors.toBatch(image, layout, map, from, to);
    }
}
