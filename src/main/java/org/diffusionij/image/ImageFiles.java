package org.diffusionij.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffEncoder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Image files for the launcher and later commands: a {@link FloatStack} written as a TIFF stack
 * (8-bit or 32-bit, readable by ImageJ/Fiji with its dimensions) or as one PNG grid (8-bit), and
 * TIFF/PNG files read back into floats. Every file is written whole or not at all
 * ({@link AtomicFiles}).
 *
 * <p>Values are in data units. For 8-bit output, {@code low} maps to 0 and {@code high} to 255
 * (clamped, rounded); 32-bit output keeps the values and stores {@code low..high} as the display
 * range. Three channels become RGB in 8-bit files; other channel counts become an ImageJ
 * hyperstack in a TIFF (channels x samples) and are refused for PNG.
 */
public final class ImageFiles {

    /** Output formats, chosen by the file's extension. */
    public enum Format {
        /** {@code .tif}/{@code .tiff}: every image as a slice of one stack. */
        TIFF,
        /** {@code .png}: every image as a tile of one grid. */
        PNG;

        /** The format for {@code file}'s extension; refuses others, naming the accepted ones. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".tif") || name.endsWith(".tiff")) return TIFF;
            if (name.endsWith(".png")) return PNG;
            throw new IllegalArgumentException("output " + file + " has an unsupported extension: use .tif (an image "
                    + "stack) or .png (a grid of images)");
        }
    }

    /** Gap between tiles of a PNG grid, in pixels (black). */
    public static final int GRID_GAP = 2;

    private ImageFiles() {
    }

    /**
     * Writes {@code images} to {@code out} as {@link Format#of(Path)} says: a TIFF stack of
     * {@code bits} (8 or 32) or an 8-bit PNG grid with about as many columns as rows.
     *
     * @throws IllegalArgumentException for an unsupported extension, bit depth or channel count
     * @throws IOException              when the file cannot be written (nothing is left behind)
     */
    public static void write(Path out, FloatStack images, int bits, double low, double high) throws IOException {
        try (ImageStream s = stream(out, images.n(), images.c(), images.h(), images.w(), bits, low, high)) {
            s.append(images);
            s.commit();
        }
    }

    /**
     * Refuses, before any work, {@code count} images that {@code out}'s format cannot hold: an
     * unsupported extension, 32-bit PNG, a TIFF over 4 GiB, a PNG grid over
     * {@link PngGridStream#MAX_SIDE} pixels a side; each message names the limit.
     */
    public static void checkStream(Path out, int count, int c, int h, int w, int bits) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        if ((long) c * h * w > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("one image of " + w + "x" + h + " with " + c + " channel(s) holds "
                    + (long) c * h * w + " values, more than one Java array holds (2^31); use a smaller size");
        }
        if (Format.of(out) == Format.PNG) {
            if (bits != 8) {
                throw new IllegalArgumentException("PNG holds 8-bit images; write 32-bit values to a .tif file");
            }
            PngGridStream.check(out, count, c, h, w, gridColumns(count));
        } else {
            TiffStackStream.check(out, count, c, h, w, bits);
        }
    }

    /**
     * An output that takes {@code count} images as they are made ({@link #checkStream} first): a
     * TIFF stack of {@code bits} written plane by plane, or an 8-bit PNG grid with about as many
     * columns as rows; {@code low..high} is the value range (see the class comment).
     */
    public static ImageStream stream(Path out, int count, int c, int h, int w, int bits, double low, double high)
            throws IOException {
        checkStream(out, count, c, h, w, bits);
        if (Format.of(out) == Format.PNG) return PngGridStream.open(out, count, c, h, w, gridColumns(count), low, high);
        return TiffStackStream.open(out, count, c, h, w, bits, low, high);
    }

    /** Columns of a near-square grid of {@code n} tiles. */
    public static int gridColumns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }

    /** Writes {@code images} as one TIFF stack of {@code bits} (8 or 32); see the class comment. */
    public static void writeTiffStack(Path out, FloatStack images, int bits, double low, double high)
            throws IOException {
        try (TiffStackStream s = TiffStackStream.open(out, images.n(), images.c(), images.h(), images.w(), bits, low,
                high)) {
            s.append(images);
            s.commit();
        }
    }

    /**
     * Checks before a run that {@code out}'s extension names a format that can hold a result
     * shaped like {@code like} (same type and planes): .tif holds anything, .png one 8-bit,
     * 16-bit or RGB plane.
     *
     * @throws IllegalArgumentException naming the extension and the fix
     */
    public static Format checkOutput(Path out, ImagePlus like) {
        Format format = Format.of(out);
        if (format == Format.PNG) {
            int bits = like.getBitDepth();
            if (bits == 32) {
                throw new IllegalArgumentException("output " + out + ": PNG cannot hold 32-bit values; name the "
                        + "output .tif");
            }
            if (like.getStackSize() > 1) {
                throw new IllegalArgumentException("output " + out + ": PNG holds one image but the result has "
                        + like.getStackSize() + " planes; name the output .tif");
            }
        }
        return format;
    }

    /**
     * Writes a result image in the format its extension names ({@link #checkOutput}): a TIFF
     * with dimensions and calibration, or a PNG of its raw pixel values.
     */
    public static void write(Path out, ImagePlus imp) throws IOException {
        if (checkOutput(out, imp) == Format.PNG) writePng(out, imp);
        else writeTiff(out, imp);
    }

    /** Writes one 8-bit, 16-bit or RGB plane as PNG (raw values; the LUT and display range are not applied). */
    private static void writePng(Path out, ImagePlus imp) throws IOException {
        ImageProcessor ip = imp.getProcessor();
        int w = imp.getWidth(), h = imp.getHeight();
        BufferedImage image;
        if (imp.getBitDepth() == 24) {
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, w, h, (int[]) ip.getPixels(), 0, w);
        } else if (imp.getBitDepth() == 16) {
            image = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
            short[] px = (short[]) ip.getPixels();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) image.getRaster().setSample(x, y, 0, px[y * w + x] & 0xffff);
            }
        } else {
            image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = (byte[]) ip.getPixels();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) image.getRaster().setSample(x, y, 0, px[y * w + x] & 0xff);
            }
        }
        AtomicFiles.write(out, stream -> {
            if (!ImageIO.write(image, "png", stream)) throw new IOException("no PNG writer in this Java runtime");
        });
    }

    /**
     * Writes {@code imp} (any type, stack or hyperstack) as a TIFF ImageJ reads back with its
     * dimensions; refuses a name whose extension is not .tif/.tiff, so no file holds a format
     * its name denies.
     */
    public static void writeTiff(Path out, ImagePlus imp) throws IOException {
        if (Format.of(out) != Format.TIFF) {
            throw new IllegalArgumentException("output " + out + " is not named .tif or .tiff but would hold a TIFF; "
                    + "name it .tif");
        }
        FileInfo info = imp.getFileInfo();
        info.description = new FileSaver(imp).getDescriptionString();
        if (imp.getStackSize() > 1) info.sliceLabels = imp.getStack().getSliceLabels();
        AtomicFiles.write(out, stream -> new TiffEncoder(info).write(stream));
    }

    /**
     * Writes {@code images} as one 8-bit PNG: tiles row by row, {@code columns} wide, separated
     * by {@link #GRID_GAP} black pixels; 1 channel gives grey, 3 give RGB.
     */
    public static void writePngGrid(Path out, FloatStack images, double low, double high, int columns)
            throws IOException {
        try (PngGridStream s = PngGridStream.open(out, images.n(), images.c(), images.h(), images.w(), columns, low,
                high)) {
            s.append(images);
            s.commit();
        }
    }

    /**
     * {@code images} as an ImageJ image: 8-bit ({@code low..high} to 0..255; RGB for 3 channels)
     * or 32-bit (values kept, display range {@code low..high}); one slice per image, channels as
     * a hyperstack's channels.
     */
    public static ImagePlus toImagePlus(FloatStack images, int bits, double low, double high, String title) {
        if (bits != 8 && bits != 32) throw new IllegalArgumentException("bit depth must be 8 or 32, got " + bits);
        if (!(low < high)) throw new IllegalArgumentException("intensity range " + low + ".." + high + " is empty");
        int n = images.n(), c = images.c(), h = images.h(), w = images.w(), plane = h * w;
        float[] d = images.data();
        ImageStack stack = new ImageStack(w, h);
        boolean rgb = bits == 8 && c == 3;
        for (int i = 0; i < n; i++) {
            if (rgb) {
                byte[][] ch = new byte[3][plane];
                for (int k = 0; k < 3; k++) {
                    int off = images.offset(i, k);
                    for (int p = 0; p < plane; p++) ch[k][p] = (byte) toByte(d[off + p], low, high);
                }
                ColorProcessor cp = new ColorProcessor(w, h);
                cp.setRGB(ch[0], ch[1], ch[2]);
                stack.addSlice("image " + (i + 1), cp);
                continue;
            }
            for (int k = 0; k < c; k++) {
                int off = images.offset(i, k);
                ImageProcessor ip;
                if (bits == 8) {
                    byte[] px = new byte[plane];
                    for (int p = 0; p < plane; p++) px[p] = (byte) toByte(d[off + p], low, high);
                    ip = new ByteProcessor(w, h, px);
                } else {
                    float[] px = new float[plane];
                    System.arraycopy(d, off, px, 0, plane);
                    ip = new FloatProcessor(w, h, px);
                }
                stack.addSlice(c == 1 ? "image " + (i + 1) : "image " + (i + 1) + " channel " + (k + 1), ip);
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        if (!rgb && c > 1) {
            imp.setDimensions(c, n, 1);
            imp.setOpenAsHyperStack(true);
        }
        if (bits == 32) imp.setDisplayRange(low, high);
        return imp;
    }

    static int toByte(float v, double low, double high) {
        double s = (v - low) / (high - low) * 255.0;
        if (!(s > 0)) return 0;  // also NaN
        return s >= 255 ? 255 : (int) Math.round(s);
    }

    /**
     * Opens a TIFF, PNG or other image ImageJ reads, refusing what it would read wrongly or not
     * at all: a truncated or corrupt TIFF, TIFF pages of different sizes or types, TIFFs ImageJ
     * does not support, and images with a plane of no finite pixel.
     *
     * @throws ImageFileException one line naming the file (and page) and what to do
     */
    public static ImagePlus open(Path file) throws ImageFileException {
        if (!Files.exists(file)) throw new ImageFileException("image file " + file + " not found");
        if (Files.isDirectory(file)) throw new ImageFileException("image path " + file + " is a folder, not an image");
        if (!Files.isReadable(file)) {
            throw new ImageFileException("image file " + file + " cannot be read (permissions)");
        }
        int tiffPlanes = TiffCheck.check(file);
        checkPng(file);
        Opener opener = new Opener();
        opener.setSilentMode(true);
        if (opener.getFileType(file.toAbsolutePath().toString()) == Opener.UNKNOWN) {
            // Refused here: ImageJ would print its own error for a file of no format it knows.
            throw new ImageFileException("image file " + file + " is not a TIFF, PNG or other image ImageJ reads "
                    + "(corrupt, or another format?); convert it to TIFF or PNG");
        }
        ImagePlus imp;
        try {
            // openImage(dir, name), not openImage(path): the latter prints ImageJ's own error when it fails.
            Path abs = file.toAbsolutePath();
            imp = opener.openImage(abs.getParent().toString() + java.io.File.separator, abs.getFileName().toString());
        } catch (RuntimeException | OutOfMemoryError e) {
            // Decoders (ImageIO's PNG reader, ImageJ's) can fail on corrupt data in many ways.
            throw new ImageFileException("image file " + file + " cannot be opened: corrupt or truncated ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (imp == null || imp.getStack() == null || imp.getStackSize() < 1) {
            throw new ImageFileException("image file " + file + " cannot be opened: not a TIFF, PNG or other image "
                    + "ImageJ reads (corrupt or truncated?)");
        }
        if (tiffPlanes > 0 && imp.getStackSize() != tiffPlanes) {
            // ImageJ skips pages it cannot place in the stack, with at most a console line.
            throw new ImageFileException("image file " + file + " holds " + tiffPlanes + " planes but ImageJ read "
                    + imp.getStackSize() + "; re-save it as one stack (or one file per plane)");
        }
        String empty = NonFinitePixels.of(imp).emptyPlaneMessage("image file " + file);
        if (empty != null) throw new ImageFileException(empty);
        return imp;
    }

    /**
     * Decodes a PNG once before ImageJ does: ImageJ prints the decoder's exception to the console
     * and returns nothing, so a corrupt PNG would print a stack-trace line before our message.
     */
    private static void checkPng(Path file) throws ImageFileException {
        byte[] head = new byte[8];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 8) < 8 || head[0] != (byte) 0x89 || head[1] != 'P' || head[2] != 'N'
                    || head[3] != 'G') {
                return;
            }
        } catch (IOException e) {
            return;  // the opener reports unreadable files
        }
        try {
            if (ImageIO.read(file.toFile()) == null) throw new IOException("no PNG reader");
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new ImageFileException("image file " + file + " is a corrupt or truncated PNG (" + oneLine(e)
                    + "); re-save it from the program that made it", e);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    /**
     * Reads an image file into floats: one image per slice (z and t), channels from a hyperstack
     * or RGB (3 channels); raw pixel values (0..255 for 8-bit, 0..65535 for 16-bit), calibration
     * ignored.
     */
    public static FloatStack read(Path file) throws IOException {
        return toFloatStack(open(file));
    }

    /** The pixels of {@code imp} as floats, as {@link #read(Path)} describes. */
    public static FloatStack toFloatStack(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        int w = imp.getWidth(), h = imp.getHeight(), plane = w * h;
        boolean rgb = imp.getBitDepth() == 24;
        int c = rgb ? 3 : imp.getNChannels();
        int n = rgb ? stack.getSize() : stack.getSize() / c;
        float[] data = new float[n * c * plane];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                ImageProcessor ip = stack.getProcessor(rgb ? i + 1 : i * c + k + 1);
                FloatProcessor fp = ip.toFloat(rgb ? k : 0, null);
                System.arraycopy((float[]) fp.getPixels(), 0, data, (i * c + k) * plane, plane);
            }
        }
        return new FloatStack(data, n, c, h, w);
    }
}
