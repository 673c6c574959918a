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
import org.diffusionij.model.ModelLog;
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
        /** Number of samples the image gives in {@link #layout}. */
        final int count;

        Job(EpsModel model, ImagePlus image, ChannelLayout layout, IntensityMap map) {
            this.model = model;
            this.metadata = model.metadata();
            this.image = image;
            this.layout = layout;
            this.map = map;
            this.count = layout.sampleCount(image);
        }

        /** Samples {@code from}..{@code to} (exclusive) of the image in model space, unpadded; read on demand. */
        ImageBatch samples(int from, int to) {
            return ImageTensors.toBatch(image, layout, map, from, to);
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
     * May adjust a chunk's cropped result in model space before it is written to the image (e.g.
     * keep super-resolution consistent within the output type's range); {@code input} holds the
     * same samples of the input. Returns the batch to write.
     */
    protected ImageBatch adjust(Job job, ImageBatch input, ImageBatch result) {
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
        try (EpsModel lease = ModelChoice.open(modelFile, device, ModelLog.of(log::info, log::warn))) {
            // Overlapping tiles bound the network's memory whatever the image size.
            EpsModel model = TiledEpsModel.withDefaults(lease);
            ModelMetadata md = model.metadata();
            ChannelLayout layout = ChannelLayout.choose(img, md.channels());
            IntensityMap map = IntensityMap.forImage(img, md);
            log.info(name() + ": '" + img.getTitle() + "' mapped to model space by " + map.description());
            Job job = new Job(model, img, layout, map);
            prepare(job);

            int bh = img.getHeight();
            int bw = img.getWidth();
            int h = Padding.target(bh, md.sizeMultiple(), md.sizeMultiple());
            int w = Padding.target(bw, md.sizeMultiple(), md.sizeMultiple());
            if (h != bh || w != bw) {
                log.info(name() + ": '" + img.getTitle() + "' is " + bw + "x" + bh + "; the network takes sizes that "
                        + "are multiples of " + md.sizeMultiple() + ", so each plane is mirror-padded to " + w + "x"
                        + h + " and the result cropped back");
            }
            // Chunk by chunk: read a few planes, run them, write them into the result. Memory is
            // the input, the output and one chunk of floats, however long the stack.
            int c = ImageTensors.channels(img, layout);
            int outLen = c * h * scale * w * scale;
            int chunk = Chunks.size((long) Math.max(c * h * w, outLen) * copiesPerSample());
            int chunks = (job.count + chunk - 1) / chunk;
            ImagePlus image = ImageTensors.allocate(img, bw * scale, bh * scale, img.getTitle() + " " + suffix);
            for (int k = 0; k < chunks; k++) {
                int first = k * chunk;
                int n = Math.min(chunk, job.count - first);
                ImageBatch part = job.samples(first, first + n);
                float[] x = Chunks.pack(Padding.pad(part, h, w), 0, n);
                float[] y = runChunk(job, x, first, n, h, w, Chunks.part(progress(), k, chunks));
                token().throwIfCancelled();
                List<float[]> out = Chunks.list(n);
                Chunks.unpack(y, n, outLen, out);
                ImageBatch result = Padding.crop(new ImageBatch(c, h * scale, w * scale, out), bh * scale, bw * scale);
                ImageTensors.write(adjust(job, part, result), layout, map, image, first);
            }
            image = ImageTensors.finish(img, image);
            finish(job, image);
            token().throwIfCancelled();
            logDone(summary(job) + " on '" + img.getTitle() + "' (" + job.count + " sample(s) of " + bw + "x" + bh
                    + ")", model.device(), start);
            return image;
        }
    }
}
