package org.diffusionij.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.Device;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.schedule.TimestepSpacing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java's samplers against the PyTorch reference (training/diffusion_ij_train/sampling.py) on the
 * tiny network of src/test/resources/golden (format: the fixture README / notes GOLDEN.md): same
 * x_T, same per-step z replayed in draw order, same float32 network.
 *
 * <p>Tolerance on max |java - pytorch|: 1e-4, or twice the case's {@code sensitivity_eps_1e-6}
 * where that is larger. Both sides evaluate the same float32 network (ONNX Runtime and PyTorch kernels
 * differ only in summation order: 1.2e-6 max abs on the forward-pass fixture) and compute schedule
 * coefficients in float64; PyTorch rounds tensor arithmetic to float32 after every operation while
 * Java rounds each fused expression once (~1e-7 relative per operation). The fixture states how far
 * x_out moves when every ε is perturbed by N(0, 1e-6²), i.e. by exactly that kind of round-off: well
 * below 1e-4 for trajectories that stay in model range, but up to 0.07 for the unclipped cases that
 * start at t = 999 of the cosine schedule, where ᾱ = 2.4e-9 and x̂0 = (x - √(1-ᾱ) ε)/√ᾱ multiplies
 * any ε difference by 2e4 (those end at |x| ~ 1e4, where one float32 ulp is ~1e-3). Without the key
 * the tolerance is 1e-4 · max(1, max |pytorch|). A wrong equation or draw order moves x_out by
 * orders of magnitude more.
 *
 */
class GoldenTrajectoryTest {

    static final Path DIR = Path.of(System.getProperty("diffusionij.golden", "src/test/resources/golden"));
    static final double TOLERANCE = 1e-4;
    static OnnxEpsModel model;

    @BeforeAll
    static void load() throws Exception {
        // The real runner: the golden test covers ONNX Runtime plumbing as well as the sampler math.
        model = OnnxEpsModel.load(DIR.resolve("tiny.onnx"), Device.CPU, Map.of());
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    /** The forward-pass fixtures (GoldenNetworkTest's), not sampler cases. */
    private static final Set<String> NETWORK_CASES = Set.of("network.properties", "nf16.properties");

    static List<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".properties") && !NETWORK_CASES.contains(f))
                    .map(f -> f.substring(0, f.length() - ".properties".length()))
                    .sorted().collect(Collectors.toList());
            assertFalse(names.isEmpty(), "no golden sampler cases in " + DIR);
            return names;
        }
    }

    static Properties properties(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(DIR.resolve(name + ".properties"))) {
            p.load(r);
        }
        return p;
    }

    static float[] floats(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(DIR.resolve(file));
        if (bytes.length % 4 != 0) throw new IOException(file + " is not a float32 file (" + bytes.length + " bytes)");
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    static int integer(Properties p, String key) {
        return Integer.parseInt(p.getProperty(key).trim());
    }

    /** Replays the fixture's per-step z tensors in order and checks each draw has the expected size. */
    static final class ReplayNoise implements NoiseSource {
        private final float[] draws;
        private int position;
        int count;

        ReplayNoise(float[] draws) {
            this.draws = draws;
        }

        @Override
        public void fill(float[] dst) {
            if (position + dst.length > draws.length) {
                throw new AssertionError("sampler asked for more noise than the reference drew (draw " + (count + 1)
                        + ")");
            }
            System.arraycopy(draws, position, dst, 0, dst.length);
            position += dst.length;
            count++;
        }

        boolean exhausted() {
            return position == draws.length;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void samplerMatchesPyTorch(String name) throws IOException {
        Properties p = properties(name);
        int n = integer(p, "n"), c = integer(p, "c"), h = integer(p, "h"), w = integer(p, "w");
        int draws = integer(p, "noise_draws");
        SamplerSettings settings = new SamplerSettings(SamplerKind.parse(p.getProperty("sampler")),
                integer(p, "steps"), Double.parseDouble(p.getProperty("eta")),
                TimestepSpacing.parse(p.getProperty("spacing")), Boolean.parseBoolean(p.getProperty("clip_sample").trim()),
                p.getProperty("variance_type").trim().equals("fixed_large"));
        assertEquals(c, model.metadata().channels());
        float[] x = floats(name + ".x_init.f32");
        float[] expected = floats(name + ".x_out.f32");
        float[] noise = floats(name + ".noise.f32");
        assertEquals(n * c * h * w, x.length);
        assertEquals((long) draws * x.length, noise.length);
        ReplayNoise replay = new ReplayNoise(noise);

        DiffusionLoop.run(model, settings, x, n, h, w, replay, StepHook.NONE, Progress.none(), CancelToken.none());

        assertEquals(draws, replay.count, "number of per-step noise draws");
        assertTrue(replay.exhausted());
        double maxDiff = 0, scale = 1;
        for (int i = 0; i < x.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(x[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        String sensitivity = p.getProperty("sensitivity_eps_1e-6");
        double allowed = sensitivity == null ? TOLERANCE * scale
                : Math.max(TOLERANCE, 2 * Double.parseDouble(sensitivity.trim()));
        assertTrue(maxDiff <= allowed, name + " (" + settings + "): max |java - pytorch| = " + maxDiff
                + ", allowed " + allowed);
    }
}
