package org.diffusionij.command;

import java.io.File;
import java.util.List;

import ij.ImagePlus;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.image.Padding;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.task.TiledEpsModel;
import org.scijava.plugin.Parameter;

/**
 * A command that turns the active image into a new one. The shared path: match the image's
 * channels to the model, map intensities to model space, pad planes the network cannot take,
 * run the subclass's operation on chunks of planes (batched network calls), crop, map back to
 * the input's type and attributes. The input image is only read.
 */
public abstract class ImageCommand extends DiffusionCommand {

    /** The image to work on: the active image in Fiji (ImageJ's single-image convention). */
    @Parameter(label = "Image", required = false, persist = false)
    protected ImagePlus input;

    /** What one run sees: the model, its metadata, the image and how it maps to model space. */
    protected static final class Job {
        final EpsModel model;
        final ModelMetadata metadata;
        final ImagePlus image;
        final ChannelLayout layout;
        final IntensityMap map;
        /** The image's samples in model space, before padding. */
        final ImageBatch batch;

        Job(EpsModel model, ImagePlus image, ChannelLayout layout, IntensityMap map, ImageBatch batch) {
            this.model = model;
            this.metadata = model.metadata();
            this.image = image;
            this.layout = layout;
            this.map = map;
            this.batch = batch;
        }
    }

    /** Checks parameters that need the job (model, image), e.g. estimates σ; called before any chunk. */
    protected void prepare(Job job) {
    }

    /**
     * Runs the operation on {@code n} samples: {@code x} is NCHW in model space, padded to
     * {@code h} x {@code w}; {@code first} is the index of the chunk's first sample in the image.
     *
     * @return n samples of C x (h*scale) x (w*scale)
     */
    protected abstract float[] runChunk(Job job, float[] x, int first, int n, int h, int w, Progress progress);

    /**
     * How many working copies of each sample the operation holds at once (Denoise averaging k
     * samples holds k); chunks shrink by this factor so memory stays bounded.
     */
    protected int copiesPerSample() {
        return 1;
    }

    /**
     * May adjust the cropped result in model space before it becomes an image (e.g. keep
     * super-resolution consistent within the output type's range); returns the batch to use.
     */
    protected ImageBatch adjust(Job job, ImageBatch result) {
        return result;
    }

    /** Last touches on the finished image (e.g. putting known pixels back); called before output. */
    protected void finish(Job job, ImagePlus result) {
    }

    /** One line for the closing log: what was done (parameters, estimates). */
    protected abstract String summary(Job job);

    /**
     * Runs the command's operation over every plane of {@link #input}.
     *
     * @param scale  output size / input size (1, or the super-resolution factor)
     * @param suffix appended to the input's title for the result's title
     */
    protected final ImagePlus transform(File modelFile, String device, int scale, String suffix) {
        ImagePlus img = Inputs.image(input, name() + "...");
        long start = System.nanoTime();
        status.showStatus(name() + ": loading the model");
        try (EpsModel lease = ModelChoice.open(modelFile, device, log::warn)) {
            // Overlapping tiles bound the network's memory whatever the image size.
            EpsModel model = TiledEpsModel.withDefaults(lease);
            ModelMetadata md = model.metadata();
            ChannelLayout layout = ChannelLayout.choose(img, md.channels());
            IntensityMap map = IntensityMap.forImage(img, md);
            log.info(name() + ": '" + img.getTitle() + "' mapped to model space by " + map.description());
            ImageBatch batch = ImageTensors.toBatch(img, layout, map);
            Job job = new Job(model, img, layout, map, batch);
            prepare(job);

            int bh = batch.height();
            int bw = batch.width();
            int h = Padding.target(bh, md.sizeMultiple(), md.sizeMultiple());
            int w = Padding.target(bw, md.sizeMultiple(), md.sizeMultiple());
            if (h != bh || w != bw) {
                log.info(name() + ": '" + img.getTitle() + "' is " + bw + "x" + bh + "; the network takes sizes that "
                        + "are multiples of " + md.sizeMultiple() + ", so each plane is mirror-padded to " + w + "x"
                        + h + " and the result cropped back");
            }
            int c = batch.channels();
            int outLen = c * h * scale * w * scale;
            int chunk = Chunks.size((long) Math.max(c * h * w, outLen) * copiesPerSample());
            int chunks = (batch.size() + chunk - 1) / chunk;
            List<float[]> out = Chunks.list(batch.size());
            for (int k = 0; k < chunks; k++) {
                int first = k * chunk;
                int n = Math.min(chunk, batch.size() - first);
                ImageBatch part = Padding.pad(
                        new ImageBatch(c, bh, bw, batch.samples().subList(first, first + n)), h, w);
                float[] x = Chunks.pack(part, 0, n);
                float[] y = runChunk(job, x, first, n, h, w, Chunks.part(progress(), k, chunks));
                token().throwIfCancelled();
                Chunks.unpack(y, n, outLen, out);
            }
            ImageBatch result = adjust(job,
                    Padding.crop(new ImageBatch(c, h * scale, w * scale, out), bh * scale, bw * scale));
            ImagePlus image = ImageTensors.toImage(result, layout, map, img, img.getTitle() + " " + suffix);
            finish(job, image);
            token().throwIfCancelled();
            logDone(summary(job) + " on '" + img.getTitle() + "' (" + batch.size() + " plane(s) of " + bw + "x" + bh
                    + ")", model.device(), start);
            return image;
        }
    }
}
