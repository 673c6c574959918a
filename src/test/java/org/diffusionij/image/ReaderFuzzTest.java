package org.diffusionij.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.diffusionij.testing.TestFiles;
import org.diffusionij.testing.TiffBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A brief, seeded fuzz of the image readers: TIFF and PNG files (made here) with random byte
 * flips, overwritten integers, cuts, cut-outs and appended junk. Every case must end in a clean
 * result (an image whose pixels convert) or an {@link ImageFileException} of one line naming the
 * file, never another exception. Cases that once failed are kept under
 * src/test/resources/fuzz/images and replayed by {@link #onceFailedCasesStayClean}.
 *
 * <p>Run more with {@code -Dfuzz.cases=N -Dfuzz.seed=S}; {@code -Dfuzz.keep=DIR} copies failing
 * cases there.
 */
class ReaderFuzzTest {

    static final int CASES = Integer.getInteger("fuzz.cases", 1500);
    static final long SEED = Long.getLong("fuzz.seed", 20261205L);

    @TempDir
    Path dir;

    private record Seed(String ext, byte[] bytes) {
    }

    private List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        Random r = new Random(1);
        byte[] b8 = new byte[16 * 16];
        r.nextBytes(b8);
        seeds.add(new Seed(".tif", imagej("a.tif", new ImagePlus("a", new ByteProcessor(16, 16, b8)))));
        ImageStack st = new ImageStack(12, 10);
        for (int i = 0; i < 3; i++) {
            short[] s = new short[120];
            for (int k = 0; k < s.length; k++) s[k] = (short) r.nextInt(65536);
            st.addSlice(new ShortProcessor(12, 10, s, null));
        }
        seeds.add(new Seed(".tif", imagej("b.tif", new ImagePlus("b", st))));
        float[] f = new float[10 * 9];
        for (int k = 0; k < f.length; k++) f[k] = (float) r.nextGaussian();
        f[5] = Float.NaN;
        seeds.add(new Seed(".tif", imagej("c.tif", new ImagePlus("c", new FloatProcessor(10, 9, f)))));
        int[] rgb = new int[8 * 8];
        for (int k = 0; k < rgb.length; k++) rgb[k] = r.nextInt(1 << 24);
        seeds.add(new Seed(".tif", imagej("d.tif", new ImagePlus("d", new ColorProcessor(8, 8, rgb)))));
        seeds.add(new Seed(".tif", new TiffBytes().bytePage(8, 8, 1).bytePage(8, 8, 2).bytePage(8, 8, 3).bytes()));
        seeds.add(new Seed(".tif", new TiffBytes().page(6, 6, 8, 3, TiffBytes.UINT).bytes()));
        seeds.add(new Seed(".png", png("e.png", new FloatStack(toFloats(b8), 1, 1, 16, 16))));
        float[] c3 = new float[3 * 8 * 8];
        for (int k = 0; k < c3.length; k++) c3[k] = r.nextInt(256);
        seeds.add(new Seed(".png", png("f.png", new FloatStack(c3, 1, 3, 8, 8))));
        return seeds;
    }

    private static float[] toFloats(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) f[i] = b[i] & 0xff;
        return f;
    }

    private byte[] imagej(String name, ImagePlus imp) throws IOException {
        Path p = dir.resolve("seed-" + name);
        ImageFiles.writeTiff(p, imp);
        byte[] b = Files.readAllBytes(p);
        Files.delete(p);
        return b;
    }

    private byte[] png(String name, FloatStack images) throws IOException {
        Path p = dir.resolve("seed-" + name);
        ImageFiles.write(p, images, 8, 0, 255);
        byte[] b = Files.readAllBytes(p);
        Files.delete(p);
        return b;
    }

    /** One to four mutations of a copy of {@code seed}. */
    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));                      // bit flip
                case 1 -> b[at] = (byte) r.nextInt(256);                            // random byte
                case 2 -> {                                                         // extreme 32-bit value
                    int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x10000, 65535, 1 << 20};
                    int v = extremes[r.nextInt(extremes.length)];
                    for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
                }
                case 3 -> b = Arrays.copyOf(b, Math.max(1, at));                    // cut the tail
                case 4 -> {                                                         // cut out a piece
                    int len = Math.min(b.length - at, 1 + r.nextInt(32));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c.length == 0 ? new byte[] {0} : c;
                }
                case 5 -> {                                                         // junk appended
                    byte[] c = Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
                    for (int i = b.length; i < c.length; i++) c[i] = (byte) r.nextInt(256);
                    b = c;
                }
                default -> {                                                        // a 16-bit field
                    int v = r.nextBoolean() ? 0xffff : r.nextInt(65536);
                    b[at] = (byte) v;
                    if (at + 1 < b.length) b[at + 1] = (byte) (v >>> 8);
                }
            }
        }
        return b;
    }

    /** Null when {@code file} is read or refused cleanly; otherwise what went wrong. */
    static String outcome(Path file) {
        try {
            ImagePlus imp = ImageFiles.open(file);
            FloatStack pixels = ImageFiles.toFloatStack(imp);
            NonFinitePixels.of(imp);
            if (pixels.n() < 1 || pixels.data().length != (long) pixels.n() * pixels.c() * pixels.h() * pixels.w()) {
                return "inconsistent result " + pixels.n() + "x" + pixels.c() + "x" + pixels.h() + "x" + pixels.w();
            }
            return null;
        } catch (ImageFileException e) {
            String m = e.getMessage();
            if (m == null || m.contains("\n") || !m.contains(file.toString())) return "unclear refusal: " + m;
            return null;
        } catch (Throwable t) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            String[] lines = w.toString().split("\n");
            return String.join(" | ", Arrays.copyOf(lines, Math.min(4, lines.length)));
        }
    }

    @Test
    void mutatedTiffAndPngFilesAreReadOrRefusedCleanly() throws IOException {
        List<Seed> seeds = seeds();
        for (int i = 0; i < seeds.size(); i++) {
            Seed s = seeds.get(i);
            Path p = dir.resolve("seed" + i + s.ext);
            Files.write(p, s.bytes);
            assertEquals(null, outcome(p), "seeds open");
            assertTrue(ImageFiles.open(p).getStackSize() >= 1);
        }
        Random r = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int opened = 0, refused = 0, noisy = 0;
        String keep = System.getProperty("fuzz.keep");
        for (int i = 0; i < CASES; i++) {
            Seed s = seeds.get(r.nextInt(seeds.size()));
            byte[] bytes = mutate(s.bytes, r);
            Path f = dir.resolve("case" + i + s.ext);
            Files.write(f, bytes);
            java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
            java.io.PrintStream out = System.out, err = System.err;
            String problem;
            try (java.io.PrintStream capture = new java.io.PrintStream(console, true)) {
                System.setOut(capture);
                System.setErr(capture);
                problem = outcome(f);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            if (problem == null && console.size() > 0) {
                noisy++;
                if (keep != null) Files.copy(f, Path.of(keep).resolve("noisy-" + f.getFileName()));
                if (noisy <= 5) System.out.println("case " + i + " printed: " + console.toString().strip());
            }
            if (problem != null) {
                failures.add("case " + i + ": " + problem);
                if (keep != null) Files.copy(f, Path.of(keep).resolve(f.getFileName()));
            } else {
                try {
                    ImageFiles.open(f);
                    opened++;
                } catch (ImageFileException e) {
                    refused++;
                }
            }
            Files.delete(f);
        }
        System.out.println("reader fuzz: " + CASES + " cases (seed " + SEED + "): " + opened + " read, " + refused
                + " refused, " + failures.size() + " failed, " + noisy + " printed to the console on the way");
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " failures");
    }

    @Test
    void onceFailedCasesStayClean() throws IOException {
        Path corpus = TestFiles.resource("/fuzz/images");
        List<Path> cases;
        try (Stream<Path> s = Files.list(corpus)) {
            cases = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
                    .toList();
        }
        assertTrue(cases.size() > 0, "the corpus holds cases");
        for (Path c : cases) {
            Path f = dir.resolve(c.getFileName());
            Files.copy(c, f);
            assertEquals(null, outcome(f), c.getFileName().toString());
        }
    }
}
