package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

import org.diffusionij.control.CancelToken;
import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model file can be unusable gets a message that names the problem. */
class ModelLoadingTest {

    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return refusal(file, Map.of());
    }

    private static String refusal(Path file, Map<String, String> overrides) {
        return assertThrows(ModelException.class, () -> OnnxEpsModel.load(file, Device.CPU, overrides).close())
                .getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
    }

    @Test
    void missingFile() {
        assertMentions(refusal(dir.resolve("nope.onnx")), "nope.onnx", "not found");
    }

    @Test
    void directory() {
        assertMentions(refusal(dir), "is a directory");
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.onnx"));
        assertMentions(refusal(empty), "is empty", "not an ONNX model");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] good = Files.readAllBytes(TestFiles.onnx("toy.onnx"));
        for (int keep : new int[] {good.length / 2, good.length - 10}) {
            Path cut = dir.resolve("cut" + keep + ".onnx");
            Files.write(cut, Arrays.copyOf(good, keep));
            assertMentions(refusal(cut), "not an ONNX model (corrupt or truncated?)");
        }
    }

    @Test
    void fileThatIsNotAModel() throws IOException {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "these are my lab notes, not a network\n");
        assertMentions(refusal(text), "notes.onnx", "not an ONNX model (corrupt or truncated?)");
    }

    @Test
    void wrongInputNames() {
        assertMentions(refusal(TestFiles.onnx("wrong_names.onnx")), "[sample, timestep]", "'x'", "'t'",
                "--override graph.x=NAME");
    }

    @Test
    void foreignInputNamesCanBeMappedWithOverrides() {
        // wrong_names.onnx computes eps = x from inputs 'sample' and 'timestep'.
        Map<String, String> names = Map.of("graph.x", "sample", "graph.t", "timestep");
        try (OnnxEpsModel m = OnnxEpsModel.load(TestFiles.onnx("wrong_names.onnx"), Device.CPU, names)) {
            float[] x = {1, 2, 3, 4};
            float[] eps = new float[4];
            m.predict(x, new float[] {7}, 1, 2, 2, eps, CancelToken.none());
            assertEquals(List.of(1f, 2f, 3f, 4f), List.of(eps[0], eps[1], eps[2], eps[3]));
        }
    }

    @Test
    void wrongOutputName() {
        assertMentions(refusal(TestFiles.onnx("wrong_output.onnx")), "outputs are [out]", "'eps'", "graph.eps");
    }

    @Test
    void wrongRank() {
        assertMentions(refusal(TestFiles.onnx("rank3.onnx")), "input 'x' has rank 3", "[N, H, W]", "rank 4");
    }

    @Test
    void channelCountMismatch() {
        assertMentions(refusal(TestFiles.onnx("channels3.onnx")), "input 'x' has 3 channels",
                "'in_channels' is 1");
    }

    @Test
    void missingMetadataFieldIsNamedAndCanBeOverridden() {
        assertMentions(refusal(TestFiles.onnx("missing_field.onnx")), "lacks the field 'in_channels'",
                "--override in_channels=");
        try (OnnxEpsModel m = OnnxEpsModel.load(TestFiles.onnx("missing_field.onnx"), Device.CPU,
                Map.of("in_channels", "1"))) {
            assertEquals(1, m.metadata().channels());
        }
    }

    @Test
    void inconsistentOverrideIsRefused() {
        assertMentions(refusal(TestFiles.onnx("toy.onnx"), Map.of("num_train_timesteps", "999")),
                "'alphas_cumprod' has 1000 entries", "'num_train_timesteps' is 999");
    }

    @Test
    void deviceParsing() {
        assertEquals(Device.AUTO, Device.parse("auto"));
        assertEquals(Device.CUDA, Device.parse(" CUDA "));
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.CUDA, Device.parse("gpu"));
        assertEquals(Device.AUTO, Device.parse(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertMentions(e.getMessage(), "'tpu'", "auto, cpu or gpu");
        assertEquals("cuda", Device.CUDA.toString());
    }

    private static void assumeNoCudaProvider() {
        // These tests run on the CPU build of ONNX Runtime (the default); with -Pgpu on a GPU they do not apply.
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "this ONNX Runtime has the CUDA provider");
    }

    @Test
    void autoFallsBackToTheCpuWithOneLogLineSayingWhy() {
        assumeNoCudaProvider();
        List<String> log = new ArrayList<>();
        try (OnnxEpsModel m = OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.AUTO, Map.of(), 1, log::add)) {
            assertEquals(Device.CPU, m.resolvedDevice());
            assertEquals(1, log.size(), log.toString());
            assertMentions(log.get(0), "CUDA not used", "no CUDA provider", "onnxruntime_gpu", "mvn -Pgpu",
                    "running on the CPU with 1 threads");
            assertTrue(m.fallbackReason().isPresent());
            float[] eps = new float[16];
            m.predict(new float[16], new float[] {100}, 1, 4, 4, eps, CancelToken.none());
            assertEquals(0.1f, eps[0], 1e-6f);
        }
    }

    @Test
    void cudaThatCannotLoadSaysWhatIsMissing() {
        assumeNoCudaProvider();
        ModelException e = assertThrows(ModelException.class,
                () -> OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.CUDA, Map.of()));
        assertMentions(e.getMessage(), "device cuda cannot be used", "no CUDA provider", "onnxruntime_gpu",
                "mvn -Pgpu", "CUDA 12", "cuDNN 9", "NVIDIA GPU", "cpu or auto");
    }

    @Test
    void cpuNeverTouchesCuda() {
        List<String> log = new ArrayList<>();
        try (OnnxEpsModel m = OnnxEpsModel.load(TestFiles.onnx("toy.onnx"), Device.CPU, Map.of(), 1, log::add)) {
            assertEquals("CPU (1 threads)", m.device());
            assertTrue(log.isEmpty(), log.toString());
        }
    }
}
