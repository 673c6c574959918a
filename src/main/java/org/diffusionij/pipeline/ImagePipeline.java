package org.diffusionij.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import ij.ImagePlus;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.ImageBatch;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.image.IntensityRange;
import org.diffusionij.image.NonFinitePixels;
import org.diffusionij.image.Padding;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelMetadata;
import org.diffusionij.model.TiledEpsModel;
import org.diffusionij.sampler.PerImageNoise;
import org.diffusionij.sampler.SamplerSettings;
import org.diffusionij.task.GenerateTask;
import org.diffusionij.task.Restoration;

/**
 * The one path from a model to images, shared by the Fiji commands and the launcher, in plain
 * Java: {@link #transform} turns an image into a new one with an {@link ImageOperation};
 * {@link #generate} is the case with no input. The network is wrapped in overlapping tiles, so
 * its memory is bounded whatever the image size, and work runs chunk by chunk, so memory is the
 * input, the output and one chunk of floats, however long the stack.
 */
public final class ImagePipeline {

    private final EpsModel model;
    private final Progress progress;
    private final CancelToken token;
    private final Consumer<String> log;

    /**
     * @param model    the network (e.g. a lease from the model cache); not closed here
     * @param progress receives (done, total, message) over the whole run
     * @param token    stops the run, including a network call in flight
     * @param log      receives the run's log lines
     */
    public ImagePipeline(EpsModel model, Progress progress, CancelToken token, Consumer<String> log) {
        this.model = TiledEpsModel.withDefaults(model);
        this.progress = progress;
        this.token = token;
        this.log = log;
    }

    /** The device the network runs on, for log lines. */
    public String device() {
        return model.device();
    }

    /** Runs {@code op} over every plane of {@code img} (only read) and returns the new image. */
    public ImagePlus transform(ImagePlus img, ImageOperation op) {
        return restore(img, op, IntensityRange.AUTO).image();
    }

    /**
     * Runs {@code op} over every plane of {@code img} (only read) with intensities mapped by
     * {@code range}: the new image and, when the operation asks for it, the per-pixel std of its
     * draws in image units (32-bit).
     */
    public Restored restore(ImagePlus img, ImageOperation op, IntensityRange range) {
        long start = System.nanoTime();
        String name = op.name();
        int scale = op.scale();
        ModelMetadata md = model.metadata();
        // A plane of only NaN/Inf has nothing to work from: refused, so no result is invented.
        NonFinitePixels nonFinite = NonFinitePixels.of(img);
        nonFinite.refuseEmptyPlane("image '" + img.getTitle() + "'");
        ChannelLayout layout = ChannelLayout.choose(img, md.channels());
        if (op.uncertainty() && layout == ChannelLayout.RGB_CHANNELS) {
            throw new IllegalArgumentException("uncertainty is not available for RGB images: split the colours "
                    + "first (Image > Color > RGB to stack... then run on the stack), or leave uncertainty off.");
        }
        int bh = img.getHeight();
        int bw = img.getWidth();
        int h = Padding.target(bh, md.sizeMultiple(), md.sizeMultiple());
        int w = Padding.target(bw, md.sizeMultiple(), md.sizeMultiple());
        int c = ImageTensors.channels(img, layout);
        int outLen = c * h * scale * w * scale;
        int chunk = Chunks.size((long) Math.max(c * h * w, outLen) * op.copiesPerSample());
        double sigma = op.inputSigma(img, layout);
        // The range is refined on a batch sized by the plane alone, so that K (copiesPerSample) never changes it.
        IntensityMap map = MappedRange.choose(model, img, layout, range, sigma, h, w, Chunks.size((long) c * h * w),
                token);
        log.accept(name + ": '" + img.getTitle() + "' mapped to model space by " + map.description());
        nonFinite.replacementNote(map).ifPresent(note -> log.accept(name + ": '" + img.getTitle() + "': " + note));
        ImageJob job = new ImageJob(model, img, layout, map, token, log);
        op.prepare(job);

        if (h != bh || w != bw) {
            log.accept(name + ": '" + img.getTitle() + "' is " + bw + "x" + bh + "; the network takes sizes that "
                    + "are multiples of " + md.sizeMultiple() + ", so each plane is mirror-padded to " + w + "x"
                    + h + " and the result cropped back");
        }
        int chunks = (job.count() + chunk - 1) / chunk;
        ImagePlus image = ImageTensors.allocate(img, bw * scale, bh * scale, img.getTitle() + " " + op.suffix());
        ImagePlus std = op.uncertainty()
                ? ImageTensors.allocateFloat(img, bw * scale, bh * scale, image.getTitle() + "-uncertainty") : null;
        IntensityMap stdMap = MappedRange.forStd(map);
        for (int k = 0; k < chunks; k++) {
            int first = k * chunk;
            int n = Math.min(chunk, job.count() - first);
            ImageBatch part = job.samples(first, first + n);
            float[] x = Chunks.pack(Padding.pad(part, h, w), 0, n);
            Restoration r = op.restore(job, x, first, n, h, w, Chunks.part(progress, k, chunks));
            token.throwIfCancelled();
            ImageTensors.write(op.adjust(job, part, unpack(r.mean(), n, outLen, c, h * scale, w * scale, bh * scale,
                    bw * scale)), layout, map, image, first);
            if (std != null) {
                if (!r.hasUncertainty()) throw new IllegalStateException(name + " made no draws to take a std of");
                ImageTensors.write(unpack(r.std(), n, outLen, c, h * scale, w * scale, bh * scale, bw * scale), layout,
                        stdMap, std, first);
            }
        }
        image = ImageTensors.finish(img, image);
        op.finish(job, image);
        if (std != null) {
            String title = image.getTitle() + "-uncertainty";
            std = ImageTensors.finish(img, std);
            std.setTitle(title);
            std.resetDisplayRange();
        }
        token.throwIfCancelled();
        logDone(name, op.summary() + " on '" + img.getTitle() + "' (" + job.count() + " sample(s) of " + bw + "x"
                + bh + ")", start);
        return new Restored(image, std);
    }

    /** n padded samples of {@code len} values as a batch cropped to the output size. */
    private static ImageBatch unpack(float[] y, int n, int len, int c, int h, int w, int outH, int outW) {
        List<float[]> out = Chunks.list(n);
        Chunks.unpack(y, n, len, out);
        return Padding.crop(new ImageBatch(c, h, w, out), outH, outW);
    }

    /** Takes generated images as they are made, in order: a chunk at a time, in model space, cropped. */
    @FunctionalInterface
    public interface GeneratedImages {
        /** {@code images} are images {@code first}..{@code first + images.size() - 1}. */
        void accept(int first, ImageBatch images) throws IOException;
    }

    /**
     * Draws {@code count} images of {@code height} x {@code width} from noise, in model space
     * ([-1, 1]), cropped from the next sizes the network takes. Image i draws from its own noise
     * stream (seed, i), so the images do not depend on how they are chunked.
     *
     * @param batch at most this many images per network call (bounds memory, never changes the images)
     */
    public ImageBatch generate(int count, int height, int width, SamplerSettings settings, long seed, int batch) {
        List<float[]> samples = new ArrayList<>(count);
        int[] shape = new int[3];
        try {
            generate(count, height, width, settings, seed, batch, (first, images) -> {
                samples.addAll(images.samples());
                shape[0] = images.channels();
                shape[1] = images.height();
                shape[2] = images.width();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // the list above does no I/O
        }
        return new ImageBatch(shape[0], shape[1], shape[2], samples);
    }

    /**
     * {@link #generate(int, int, int, SamplerSettings, long, int)}, handing each chunk to
     * {@code sink} as soon as it is made, so memory holds one chunk however large the count.
     */
    public void generate(int count, int height, int width, SamplerSettings settings, long seed, int batch,
                         GeneratedImages sink) throws IOException {
        if (count < 1) throw new IllegalArgumentException("count is " + count + " but must be at least 1.");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("the size is " + width + "x" + height + " but width and height must "
                    + "be at least 1.");
        }
        long start = System.nanoTime();
        ModelMetadata md = model.metadata();
        int c = md.channels();
        int h = Padding.target(height, md.sizeMultiple(), 1);
        int w = Padding.target(width, md.sizeMultiple(), 1);
        if (h != height || w != width) {
            log.accept("Generate: the network takes sizes that are multiples of " + md.sizeMultiple()
                    + "; generating " + w + "x" + h + " and cropping to " + width + "x" + height);
        }
        int len = c * h * w;
        int chunk = Math.min(Math.max(1, batch), Chunks.size(len));
        int chunks = (count + chunk - 1) / chunk;
        for (int k = 0; k < chunks; k++) {
            int first = k * chunk;
            int n = Math.min(chunk, count - first);
            PerImageNoise noise = new PerImageNoise(seed, first, n);
            float[] x = new GenerateTask(n, h, w).run(model, settings, noise, Chunks.part(progress, k, chunks), token);
            token.throwIfCancelled();
            List<float[]> part = Chunks.list(n);
            Chunks.unpack(x, n, len, part);
            sink.accept(first, Padding.crop(new ImageBatch(c, h, w, part), height, width));
        }
        token.throwIfCancelled();
        logDone("Generate", count + " image(s) of " + width + "x" + height + ", " + settings.kind() + " "
                + settings.steps() + " steps", start);
    }

    private void logDone(String name, String what, long startNanos) {
        log.accept(name + ": " + what + " on " + model.device() + " in " + seconds(startNanos));
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
