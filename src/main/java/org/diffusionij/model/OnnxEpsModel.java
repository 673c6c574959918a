package org.diffusionij.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.RunOptions;
import ai.onnxruntime.OrtSession.SessionOptions;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;

/**
 * An ε-network run by ONNX Runtime: one session per model file and device, reused for every
 * call. Inputs and outputs live in direct buffers that are rewritten in place while the batch
 * shape stays the same (see {@link TensorBuffers}); a new shape reallocates them once.
 *
 * <p>Calls are serialised (one batch at a time, since the buffers are shared); batch images
 * into one call instead of calling from several threads. {@link #close()} waits for a call in
 * flight (closing a session during a run crashes ONNX Runtime), so cancel first to make it quick.
 */
public final class OnnxEpsModel implements EpsModel {

    private static final Logger LOG = Logger.getLogger(OnnxEpsModel.class.getName());

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final SessionOptions options;
    private final ModelMetadata metadata;
    private final ModelGraph graph;
    private final Device device;
    private final int threads;
    private final String fallbackReason;
    private TensorBuffers buffers;
    private boolean closed;
    private volatile boolean running;
    private final Object runningChanged = new Object();

    private OnnxEpsModel(Path file, OrtEnvironment env, OrtSession session, SessionOptions options,
                         Map<String, String> overrides, Device device, int threads, String fallbackReason)
            throws OrtException {
        this.file = file;
        this.env = env;
        this.session = session;
        this.options = options;
        this.metadata = ModelMetadata.parse(session.getMetadata().getCustomMetadata(), overrides);
        this.graph = ModelGraph.check(session.getInputInfo(), session.getOutputInfo(), metadata);
        this.device = device;
        this.threads = threads;
        this.fallbackReason = fallbackReason;
        OPEN.incrementAndGet();
    }

    /** Models loaded and not yet closed, in this JVM (a soak test checks that none is left). */
    private static final AtomicInteger OPEN = new AtomicInteger();

    /** How many models are loaded and not closed in this JVM. */
    public static int openCount() {
        return OPEN.get();
    }

    /**
     * Loads {@code onnx} on {@code device} with one intra-op thread per available processor,
     * logging a CPU fallback to {@code java.util.logging}.
     *
     * @param overrides metadata fields that fill or replace the file's (for foreign ONNX files)
     * @throws ModelException when the file is missing, not an ONNX model, breaks the contract, or
     *                        {@code device} is CUDA and CUDA cannot be used
     */
    public static OnnxEpsModel load(Path onnx, Device device, Map<String, String> overrides) {
        return load(onnx, device, overrides, defaultThreads(), LOG::info);
    }

    /**
     * Loads {@code onnx} on {@code device}. {@link Device#AUTO} uses CUDA when a session with the
     * CUDA provider is created and one warm-up run succeeds (cuDNN loads lazily, so creating the
     * session proves little), and otherwise a fresh CPU session, telling {@code log} why in one line.
     *
     * @param threads intra-op threads for the CPU provider (see {@link #defaultThreads()})
     * @param log     receives the one-line reason when {@code AUTO} falls back to the CPU
     */
    public static OnnxEpsModel load(Path onnx, Device device, Map<String, String> overrides, int threads,
                                    Consumer<String> log) {
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(device, "device");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        ModelFiles.checkReadable(onnx);
        OrtEnvironment env = environment();
        String fallback = null;
        if (device != Device.CPU) {
            try {
                return openCuda(onnx, env, overrides, threads);
            } catch (CudaProblem p) {
                if (device == Device.CUDA) {
                    throw new ModelException("device cuda cannot be used: " + p.getMessage() + ". "
                            + CudaProblem.NEEDS + ". Choose device cpu or auto to run on the CPU.", p);
                }
                fallback = p.getMessage();
                log.accept("CUDA not used: " + fallback + "; running on the CPU with " + threads + " threads");
            }
        }
        return openCpu(onnx, env, overrides, threads, fallback);
    }

    /**
     * Intra-op threads by default: {@link Runtime#availableProcessors()}. ONNX Runtime itself
     * would pick the physical cores, but that count ignores container CPU limits and affinity,
     * which {@code availableProcessors} honours; on SMT hardware it counts logical CPUs, which
     * is rarely slower for convolutions. Pass a smaller number to {@link #load(Path, Device, Map,
     * int, Consumer)} (the launcher's {@code --threads}) to share the machine.
     */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The one ONNX Runtime environment, quiet (see below); every session in this plugin is made from it. */
    static OrtEnvironment environment() {
        try {
            // Fatal only: ONNX Runtime's own lines (warnings, and errors it also returns to us, printed raw and
            // ANSI-coloured) would come before our one-line message; every error reaches us as an OrtException.
            return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "diffusion-ij");
        } catch (RuntimeException | LinkageError e) {
            throw new ModelException("ONNX Runtime could not start on this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e, e);
        }
    }

    /** The session options every session starts from (package-private for the benches under src/test). */
    static SessionOptions baseOptions(int threads) throws OrtException {
        SessionOptions o = new SessionOptions();
        try {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            // Worker threads sleep instead of spinning between parallel sections: with other work on
            // the cores, spinning made calls 1.3-1.7x slower (load 11-17 on 2 cores); on a lighter
            // load it was about 10 % faster. bench/notes.md, "Speed, issue 14".
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    private static OnnxEpsModel openCpu(Path onnx, OrtEnvironment env, Map<String, String> overrides, int threads,
                                        String fallback) {
        SessionOptions options = null;
        OrtSession session = null;
        try {
            options = baseOptions(threads);
            session = env.createSession(onnx.toString(), options);
            return new OnnxEpsModel(onnx, env, session, options, overrides, Device.CPU, threads, fallback);
        } catch (OrtException e) {
            closeQuietly(session, options);
            throw ModelFiles.isFileProblem(e) || session == null ? ModelFiles.loadFailure(onnx, e)
                    : new ModelException("model " + onnx + " cannot be inspected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session, options);
            throw e;
        }
    }

    private static OnnxEpsModel openCuda(Path onnx, OrtEnvironment env, Map<String, String> overrides, int threads)
            throws CudaProblem {
        SessionOptions options;
        try {
            options = baseOptions(threads);
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime session options failed: " + e.getMessage(), e);
        }
        try {
            options.addCUDA(0);
        } catch (OrtException | RuntimeException | LinkageError e) {
            options.close();
            throw CudaProblem.diagnose("CUDA provider setup", e);
        }
        OrtSession session;
        try {
            session = env.createSession(onnx.toString(), options);
        } catch (OrtException e) {
            options.close();
            if (ModelFiles.isFileProblem(e)) throw ModelFiles.loadFailure(onnx, e);
            throw CudaProblem.diagnose("session creation", e);
        }
        OnnxEpsModel model;
        try {
            model = new OnnxEpsModel(onnx, env, session, options, overrides, Device.CUDA, threads, null);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session, options);
            if (e instanceof RuntimeException) throw (RuntimeException) e;
            throw new ModelException("model " + onnx + " cannot be inspected: " + e.getMessage(), e);
        }
        try {
            model.warmUp();
            return model;
        } catch (OrtException | RuntimeException e) {
            model.close();
            if (e instanceof ModelException || e instanceof IllegalArgumentException) throw (RuntimeException) e;
            throw CudaProblem.diagnose("warm-up run", e);
        }
    }

    /** One run on a small zero input: the first point where cuDNN and the kernels really load. */
    private void warmUp() throws OrtException {
        int m = metadata.sizeMultiple();
        int size = metadata.sampleSize() % m == 0 ? metadata.sampleSize() : m;
        int h = graph.fixedHeight() > 0 ? (int) graph.fixedHeight() : size;
        int w = graph.fixedWidth() > 0 ? (int) graph.fixedWidth() : size;
        int n = graph.fixedBatch() > 0 ? (int) graph.fixedBatch() : 1;
        synchronized (this) {
            TensorBuffers b = buffersFor(n, h, w);
            for (int i = 0; i < b.x.capacity(); i++) b.x.put(i, 0f);
            for (int i = 0; i < n; i++) b.t.put(i, metadata.numTrainTimesteps() / 2f);
            try (RunOptions ro = new RunOptions(); OrtSession.Result r = session.run(b.inputs, Set.of(), b.outputs, ro)) {
                // ε lands in b.eps; nothing to read
            }
        }
    }

    private static void closeQuietly(OrtSession session, SessionOptions options) {
        if (session != null) closeSession(session);
        if (options != null) options.close();
    }

    private static void closeSession(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warning("closing the ONNX Runtime session failed: " + e.getMessage());
        }
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The graph's inputs and outputs, as checked against the contract. */
    public ModelGraph graph() {
        return graph;
    }

    /** The model file this session was loaded from. */
    public Path file() {
        return file;
    }

    /** The device the session runs on: {@link Device#CPU} or {@link Device#CUDA}, never AUTO. */
    public Device resolvedDevice() {
        return device;
    }

    /** Why {@link Device#AUTO} fell back to the CPU, if it did. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /** Intra-op threads of the session. */
    public int threads() {
        return threads;
    }

    /** ONNX Runtime's version string. */
    public String runtimeVersion() {
        return env.getVersion();
    }

    @Override
    public String device() {
        return device == Device.CUDA ? "CUDA (GPU 0)" : "CPU (" + threads + " threads)";
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code h} and {@code w} must be multiples of the metadata's {@code size_multiple}. A
     * cancel from another thread terminates the run in flight.
     *
     * @throws IllegalArgumentException for array lengths or sizes that do not fit the network
     * @throws ModelException           when ONNX Runtime fails the run
     */
    @Override
    public synchronized void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
        if (closed) throw new IllegalStateException("model " + file + " is closed");
        int c = metadata.channels();
        checkArguments(x, t, n, c, h, w, eps);
        cancel.throwIfCancelled();
        TensorBuffers b;
        try {
            b = buffersFor(n, h, w);
        } catch (OrtException e) {
            throw new ModelException("cannot allocate tensors for " + n + " images of " + h + "x" + w + ": "
                    + e.getMessage(), e);
        }
        b.x.clear();
        b.x.put(x);
        b.t.clear();
        b.t.put(t, 0, n);
        try (RunOptions runOptions = new RunOptions()) {
            Terminator terminator = new Terminator(runOptions);
            AutoCloseable handle = cancel.onCancel(terminator::terminate);
            setRunning(true);
            try (OrtSession.Result ignored = session.run(b.inputs, Set.of(), b.outputs, runOptions)) {
                // ε was written into b.eps (a pinned output we own)
            } finally {
                setRunning(false);
                terminator.disarm();
                release(handle);
            }
        } catch (OrtException e) {
            if (cancel.isCancelled()) throw new CancelledException();
            String shape = computedShape(e.getMessage());
            if (shape != null) {
                throw new ModelException("the network returned eps of shape " + shape + " for x of shape {" + n + ","
                        + c + "," + h + "," + w + "}; the contract (models/MODEL_CONTRACT.md) needs eps shaped "
                        + "exactly like x: fix the network's output, or use a model that follows the contract", e);
            }
            throw new ModelException("the network failed on " + n + " images of " + h + "x" + w + " ("
                    + device() + "): " + ModelFiles.firstLine(e.getMessage()), e);
        }
        b.eps.clear();
        b.eps.get(eps);
    }

    private static final java.util.regex.Pattern COMPUTED_SHAPE =
            java.util.regex.Pattern.compile("computed output shape for this run is (\\{[0-9,]*\\})");

    /** The output shape ONNX Runtime reports when a run's ε does not fit the tensor we gave it, or null. */
    static String computedShape(String ortMessage) {
        if (ortMessage == null) return null;
        java.util.regex.Matcher m = COMPUTED_SHAPE.matcher(ortMessage);
        return m.find() ? m.group(1) : null;
    }

    private void checkArguments(float[] x, float[] t, int n, int c, int h, int w, float[] eps) {
        if (n < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("batch and size must be positive, got n=" + n + " " + h + "x" + w);
        }
        int m = metadata.sizeMultiple();
        if (h % m != 0 || w % m != 0) {
            throw new IllegalArgumentException("image size " + h + "x" + w + " is not a multiple of the network's "
                    + "size factor " + m + " (metadata 'size_multiple'); use e.g. " + roundUp(h, m) + "x"
                    + roundUp(w, m));
        }
        graph.checkShape(n, h, w);
        long len = (long) n * c * h * w;
        if (x.length != len || eps.length != len) {
            throw new IllegalArgumentException("x and eps must hold n*C*h*w = " + len + " floats (C=" + c
                    + "), got " + x.length + " and " + eps.length);
        }
        if (t.length < n) {
            throw new IllegalArgumentException("t must hold one timestep per image (" + n + "), got " + t.length);
        }
    }

    /** The next multiple of {@code m}, in long (no overflow for huge size_multiple); for the hint only. */
    static long roundUp(int v, int m) {
        return ((long) v + m - 1) / m * m;
    }

    private TensorBuffers buffersFor(int n, int h, int w) throws OrtException {
        if (buffers != null && buffers.fits(n, h, w)) return buffers;
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
        buffers = TensorBuffers.allocate(env, graph, n, metadata.channels(), h, w);
        return buffers;
    }

    /** Whether a network run is in flight; for tests of cancellation. */
    boolean isRunning() {
        return running;
    }

    private void setRunning(boolean value) {
        synchronized (runningChanged) {
            running = value;
            runningChanged.notifyAll();
        }
    }

    /**
     * Waits (woken when a run starts) until a network run is in flight; for tests of cancellation,
     * which must cancel inside a call.
     *
     * @return whether a run was in flight within {@code timeoutMillis}
     */
    boolean awaitRunning(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (runningChanged) {
            while (!running) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) return false;
                runningChanged.wait(left);
            }
            return true;
        }
    }

    /** The tensors of the last call's shape; for tests of buffer reuse. */
    synchronized TensorBuffers currentBuffers() {
        return buffers;
    }

    private static void release(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the terminate flag of one run, but never after the run is over and its options closed. */
    private static final class Terminator {
        private final RunOptions runOptions;
        private boolean disarmed;

        Terminator(RunOptions runOptions) {
            this.runOptions = runOptions;
        }

        synchronized void terminate() {
            if (disarmed) return;
            try {
                runOptions.setTerminate(true);
            } catch (OrtException e) {
                LOG.warning("could not stop the network run: " + e.getMessage());
            }
        }

        synchronized void disarm() {
            disarmed = true;
        }
    }

    /** Closes the session; waits for a call in flight. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        OPEN.decrementAndGet();
        if (buffers != null) buffers.close();
        buffers = null;
        closeSession(session);
        options.close();
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }
}
