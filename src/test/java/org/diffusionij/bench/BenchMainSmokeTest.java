package org.diffusionij.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the whole benchmark with --quick on the golden tiny model and the hand-built block
 * classifier, and checks that the report holds every part's table and figure. Numbers are not
 * checked: at these counts they mean nothing (the metrics have their own tests).
 */
class BenchMainSmokeTest {

    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path out;

    @Test
    void quickRunWritesEveryTableFigureAndTheCsv() throws Exception {
        assumeTrue(Files.isRegularFile(DATA.resolve("t10k-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        int code = new CommandLine(new BenchMain()).execute("--quick", "--threads", "1",
                "--model", "src/test/resources/golden/tiny.onnx",
                "--classifier", "src/test/resources/bench/block_classifier.onnx",
                "--data", DATA.toString(), "--out", out.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("report.md"));
        for (String heading : List.of("## Targets", "## Speed", "## Denoise", "## Super-resolve", "## Inpaint",
                "## Generate: Fréchet distance and KID", "## Memory: tiled denoise of a 64x64 image")) {
            assertTrue(md.contains(heading), "report lacks " + heading);
        }
        for (String tableHeader : List.of(
                "| Target | Goal | Measured | Met | Note |",
                "| Implementation | Images/s |",
                "| σ | Method | Parameters (tuned) | PSNR (dB) | SSIM |",
                "| Scale | Method | PSNR (dB) | SSIM |",
                "| Hole | Method | PSNR in hole (dB) | SSIM in hole | Hole size |",
                "| Sampler | Network calls / image | Samples |",
                "| Peak RSS (MiB) |")) {
            assertTrue(md.contains(tableHeader), "report lacks the table " + tableHeader);
        }
        for (String row : List.of("| 0.2 | Non-local means |", "| ×4 | Bicubic |", "| random strokes | Harmonic fill |",
                "| DPM-Solver++ 20 |", "| DDIM 10 |", "| floor: real training images |",
                "| Denoise σ = 0.2 |", "| Super-resolve ×2 |", "| Inpaint, centre box |", "| Fast sampler quality |")) {
            assertTrue(md.contains(row), "report lacks the row " + row);
        }
        assertTrue(md.contains("AMD") || md.contains("Intel") || md.contains("**Machine**"), "machine line missing");
        assertTrue(md.contains("seed 1"), "seed missing");
        // Every figure the report embeds exists and is a readable PNG.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(figures/([^)]+\\.png)\\)").matcher(md);
        int figures = 0;
        while (m.find()) {
            Path png = out.resolve("figures").resolve(m.group(1));
            assertTrue(ImageIO.read(png.toFile()).getWidth() > 50, "figure " + png + " unreadable");
            figures++;
        }
        assertEquals(8, figures, "figures embedded"); // denoise 2, super-resolve 2, inpaint 2, generate 2
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("section,task,setting,method,metric,value,n", csv.get(0));
        assertTrue(csv.size() > 80, "results.csv has only " + csv.size() + " lines");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("memory,tiled-denoise,64x64,java-ort,peak_rss_mib,")));
    }

    /** The opt-in parts: the product path through the launcher on files, and the large-images table (child JVMs). */
    @Test
    void productPathAndLargeImagesWriteTheirTablesAndTargets() throws Exception {
        assumeTrue(Files.isRegularFile(DATA.resolve("t10k-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        int code = new CommandLine(new BenchMain()).execute("--quick", "--threads", "1", "--parts", "PRODUCT,LARGE",
                "--model", "src/test/resources/golden/tiny.onnx", "--data", DATA.toString(), "--out", out.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("report.md"));
        for (String text : List.of("## Product path: restoration through the launcher on files", "### Super-resolve ×2",
                "| 0.2 | 16-bit camera | **mean (default)** |", "| Bicubic |", "| Harmonic fill |",
                "| Product path: Super-resolve ×2: default mean vs bicubic | ≥ +2 dB |",
                "| Product path: denoise σ = 0.2, 32-bit, mean vs the fixed-mapping reference | within 0.3 dB |",
                "## Large images: seconds per megapixel and peak memory", "| img2img (default) | 64² | 64² |",
                "| Large images: denoise 2048² 8-bit, default (mean) | ≤ 20 s | not measured |")) {
            assertTrue(md.contains(text), "report lacks " + text);
        }
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("product-path,superresolve,x2;8-bit,mean of 4 (default),coverage_2std,")),
                "no super-resolve coverage row in results.csv");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("large-images,denoise,64to64,")), "no large-images row");
    }
}
