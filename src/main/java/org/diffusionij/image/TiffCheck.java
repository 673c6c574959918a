package org.diffusionij.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * Checks a TIFF's structure before ImageJ reads its pixels, because ImageJ's reader is lenient
 * where we must not be: it fills missing bytes of a truncated file with zeros, keeps only the
 * pages of the first page's size, and calls a valid but unsupported file (float64, interleaved
 * float RGB) unreadable without saying why. Files that are not TIFFs pass unchecked.
 */
final class TiffCheck {

    private TiffCheck() {
    }

    /**
     * Refuses a truncated or corrupt TIFF, pages of different size or type, and TIFFs ImageJ
     * cannot read, with one line naming the file (and page).
     *
     * @return the number of planes the file holds, or 0 for a file that is not a TIFF
     */
    static int check(Path file) throws ImageFileException {
        if (!isTiff(file)) return 0;
        long size;
        FileInfo[] pages;
        try {
            size = Files.size(file);
            checkDirectories(file, size);
            Path dir = file.toAbsolutePath().getParent();
            pages = new TiffDecoder(dir.toString() + java.io.File.separator, file.getFileName().toString())
                    .getTiffInfo();
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException e) {
            throw decoderRefusal(file, e);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A corrupt directory can make the decoder index or allocate out of bounds.
            throw new ImageFileException("image file " + file + " is a corrupt TIFF (" + e.getClass().getSimpleName()
                    + " while reading its directory); re-save it from the program that made it", e);
        }
        if (pages == null || pages.length == 0) {
            throw new ImageFileException("image file " + file + " is a corrupt TIFF (no image directory); "
                    + "re-save it from the program that made it");
        }
        int planes = 0;
        for (int i = 0; i < pages.length; i++) {
            checkPage(file, pages, i, size);
            planes += Math.max(pages[i].nImages, 1);
        }
        return planes;
    }

    /** Bytes per value of each TIFF field type (1..13); unknown types count as 1. */
    private static final int[] TYPE_SIZE = {1, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};

    /** Most image directories followed; a chain longer than this is taken as a loop. */
    private static final int MAX_DIRECTORIES = 1 << 20;

    /**
     * Walks the chain of image directories without ImageJ: every directory and every value it
     * points to must lie inside the file, and the chain must not loop. ImageJ's decoder trusts
     * these counts and offsets and, on a corrupt file, reads billions of values one system call
     * at a time or follows a loop for ever.
     */
    private static void checkDirectories(Path file, long size) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer head = read(ch, 0, 8);
            java.nio.ByteOrder order = head.get(0) == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN
                    : java.nio.ByteOrder.BIG_ENDIAN;
            head.order(order);
            long ifd = head.getInt(4) & 0xffffffffL;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            int index = 0;
            while (ifd != 0) {
                index++;
                String where = "image directory " + index;
                if (ifd < 8) throw corrupt(file, where + " lies inside the header");
                if (ifd + 2 > size) throw truncated(file, where, ifd + 2, size);
                if (!seen.add(ifd) || index > MAX_DIRECTORIES) throw corrupt(file, where + " loops back to an earlier one");
                int entries = read(ch, ifd, 2).order(order).getShort(0) & 0xffff;
                long end = ifd + 2 + 12L * entries + 4;
                if (end > size) throw truncated(file, where, end, size);
                java.nio.ByteBuffer dir = read(ch, ifd + 2, 12 * entries + 4).order(order);
                for (int e = 0; e < entries; e++) {
                    int tag = dir.getShort(12 * e) & 0xffff;
                    int type = dir.getShort(12 * e + 2) & 0xffff;
                    long count = dir.getInt(12 * e + 4) & 0xffffffffL;
                    long bytes = count * (type < TYPE_SIZE.length ? TYPE_SIZE[type] : 1);
                    if (bytes > 4) {
                        long at = dir.getInt(12 * e + 8) & 0xffffffffL;
                        if (at + bytes > size) {
                            throw truncated(file, where + " field " + tag, at + bytes, size);
                        }
                    }
                }
                ifd = dir.getInt(12 * entries) & 0xffffffffL;
            }
        }
    }

    private static java.nio.ByteBuffer read(java.nio.channels.FileChannel ch, long at, int n) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) throw new java.io.EOFException("the file ends early");
        }
        return b.flip();
    }

    private static ImageFileException truncated(Path file, String what, long needs, long size) {
        return new ImageFileException("image file " + file + " is truncated: " + what + " needs " + needs
                + " bytes but the file has " + size + "; copy or save it again");
    }

    private static ImageFileException corrupt(Path file, String why) {
        return new ImageFileException("image file " + file + " is a corrupt or truncated TIFF (" + why
                + "); re-save it from the program that made it");
    }

    private static boolean isTiff(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) return false;
        } catch (IOException e) {
            return false;  // the opener reports unreadable files
        }
        return (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42);
    }

    /** ImageJ's decoder says "Unsupported ..." or "cannot open ..." for valid files it does not read. */
    private static ImageFileException decoderRefusal(Path file, IOException e) {
        String why = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
        String lower = why.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("unsupported") || lower.contains("cannot open")) {
            return new ImageFileException("image file " + file + " is a TIFF of a kind ImageJ does not read "
                    + "(unsupported: " + why + "); save it as 8/16/32-bit grey or 8-bit RGB", e);
        }
        return new ImageFileException("image file " + file + " is a corrupt or truncated TIFF (" + why
                + "); re-save it from the program that made it", e);
    }

    private static void checkPage(Path file, FileInfo[] pages, int i, long fileSize) throws ImageFileException {
        FileInfo fi = pages[i];
        String where = pages.length > 1 ? "page " + (i + 1) + " of " : "";
        if (fi.width < 1 || fi.height < 1 || (long) fi.width * fi.height > Integer.MAX_VALUE - 8) {
            throw new ImageFileException("image file " + file + " is a corrupt TIFF: " + where + "the image claims "
                    + fi.width + "x" + fi.height + " pixels; re-save it from the program that made it");
        }
        if (fi.getOffset() < 8) {
            throw new ImageFileException("image file " + file + " is a corrupt TIFF: " + where + "the image says "
                    + "nowhere where its pixels are; re-save it from the program that made it");
        }
        if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length != fi.stripLengths.length) {
            throw new ImageFileException("image file " + file + " is a corrupt TIFF: " + where + "the image has "
                    + fi.stripOffsets.length + " strip offsets but " + fi.stripLengths.length + " strip sizes; re-save "
                    + "it from the program that made it");
        }
        String unsupported = unsupported(fi);
        if (unsupported != null) {
            throw new ImageFileException("image file " + file + " is a TIFF of a kind ImageJ does not read "
                    + "(unsupported: " + where + unsupported + "); save it as 8/16/32-bit grey or 8-bit RGB");
        }
        long end = dataEnd(fi);
        if (end > fileSize) {
            String what = pages.length > 1 ? "page " + (i + 1) + " of " + pages.length + " needs " : "its pixels need ";
            throw new ImageFileException("image file " + file + " is truncated: " + what + end
                    + " bytes but the file has " + fileSize + "; copy or save it again");
        }
        if (i > 0) {
            FileInfo first = pages[0];
            if (fi.width != first.width || fi.height != first.height || fi.fileType != first.fileType
                    || fi.samplesPerPixel != first.samplesPerPixel) {
                throw new ImageFileException("image file " + file + " page " + (i + 1) + " is " + describe(fi)
                        + " but page 1 is " + describe(first) + "; a stack needs pages of one size and type: "
                        + "split the file into one file per size");
            }
        }
    }

    /** Why ImageJ would read this page wrongly, or null. */
    private static String unsupported(FileInfo fi) {
        int spp = Math.max(fi.samplesPerPixel, 1);
        switch (fi.fileType) {
            case FileInfo.GRAY8:
            case FileInfo.COLOR8:
            case FileInfo.BITMAP:
            case FileInfo.GRAY16_SIGNED:
            case FileInfo.GRAY16_UNSIGNED:
            case FileInfo.GRAY32_INT:
            case FileInfo.GRAY32_UNSIGNED:
            case FileInfo.GRAY32_FLOAT:
                // ImageJ would read only the first of several interleaved samples.
                return spp == 1 ? null : spp + " interleaved samples per pixel of " + typeName(fi.fileType);
            default:
                return null;
        }
    }

    /** Offset one past the last pixel byte, or 0 when it cannot be known (compressed without strip sizes). */
    private static long dataEnd(FileInfo fi) {
        long end = 0;
        int[] so = fi.stripOffsets, sl = fi.stripLengths;
        if (so != null && sl != null && so.length == sl.length) {
            for (int k = 0; k < so.length; k++) end = Math.max(end, (so[k] & 0xffffffffL) + (sl[k] & 0xffffffffL));
        }
        long bytes = imageBytes(fi);
        if (fi.compression <= FileInfo.COMPRESSION_NONE && bytes > 0) {
            // Uncompressed: ImageJ reads nImages images back to back from the offset.
            long n = Math.max(fi.nImages, 1);
            end = Math.max(end, fi.getOffset() + n * bytes + (n - 1) * fi.getGap());
        }
        return end;
    }

    /** Bytes of one uncompressed image, or -1 for types whose size this check does not know. */
    private static long imageBytes(FileInfo fi) {
        long px = (long) fi.width * fi.height;
        switch (fi.fileType) {
            case FileInfo.GRAY8:
            case FileInfo.COLOR8:
                return px;
            case FileInfo.BITMAP:
                return (long) ((fi.width + 7) / 8) * fi.height;
            case FileInfo.GRAY16_SIGNED:
            case FileInfo.GRAY16_UNSIGNED:
                return 2 * px;
            case FileInfo.RGB:
            case FileInfo.BGR:
            case FileInfo.RGB_PLANAR:
            case FileInfo.GRAY24_UNSIGNED:
                return 3 * px;
            case FileInfo.GRAY32_INT:
            case FileInfo.GRAY32_UNSIGNED:
            case FileInfo.GRAY32_FLOAT:
            case FileInfo.ARGB:
            case FileInfo.ABGR:
            case FileInfo.BARG:
            case FileInfo.CMYK:
                return 4 * px;
            case FileInfo.RGB48:
            case FileInfo.RGB48_PLANAR:
                return 6 * px;
            case FileInfo.GRAY64_FLOAT:
                return 8 * px;
            default:
                return -1;
        }
    }

    private static String describe(FileInfo fi) {
        return fi.width + "x" + fi.height + " " + typeName(fi.fileType);
    }

    private static String typeName(int fileType) {
        switch (fileType) {
            case FileInfo.GRAY8:
                return "8-bit";
            case FileInfo.COLOR8:
                return "8-bit indexed colour";
            case FileInfo.BITMAP:
                return "1-bit";
            case FileInfo.GRAY16_SIGNED:
            case FileInfo.GRAY16_UNSIGNED:
                return "16-bit";
            case FileInfo.GRAY32_INT:
            case FileInfo.GRAY32_UNSIGNED:
                return "32-bit integer";
            case FileInfo.GRAY32_FLOAT:
                return "32-bit float";
            case FileInfo.GRAY64_FLOAT:
                return "64-bit float";
            case FileInfo.RGB48:
            case FileInfo.RGB48_PLANAR:
                return "48-bit RGB";
            case FileInfo.GRAY10_UNSIGNED:
                return "10-bit";
            case FileInfo.GRAY12_UNSIGNED:
                return "12-bit";
            case FileInfo.GRAY24_UNSIGNED:
                return "24-bit";
            case FileInfo.CMYK:
                return "CMYK";
            case FileInfo.RGB:
            case FileInfo.BGR:
            case FileInfo.RGB_PLANAR:
            case FileInfo.ARGB:
            case FileInfo.ABGR:
            case FileInfo.BARG:
                return "RGB";
            default:
                return "type " + fileType;
        }
    }
}
