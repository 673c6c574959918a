package org.diffusionij.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.diffusionij.control.CancelToken;

/**
 * Open ONNX sessions shared across commands, so a second run of the same model does not pay
 * for loading and optimising the graph again. Keyed by the model's canonical path, the requested
 * device, the intra-op threads and the metadata overrides; a file changed on disk (size or
 * modification time) is loaded afresh.
 *
 * <p>Closing semantics: {@link #open} hands out a lease. Closing the lease only returns it; the
 * session stays cached for the next caller. {@link #clear()} closes every session nobody holds
 * and marks held ones to close when their last lease is closed; a replaced (stale) session does
 * the same. {@link #close()} does the same for good: Fiji's cache is a {@code command.ModelCacheService},
 * closed when its SciJava context is disposed; the launcher closes its own when it ends.
 */
public final class ModelCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelCache.class.getName());
    private final Map<Key, Entry> entries = new HashMap<>();
    private boolean closed;

    /** {@link #open(Path, Device, Map, int, Consumer)} with default threads and logging to java.util.logging. */
    public EpsModel open(Path onnx, Device device, Map<String, String> overrides) {
        return open(onnx, device, overrides, OnnxEpsModel.defaultThreads(), LOG::info);
    }

    /**
     * A lease on the cached session for these arguments, loading it (see
     * {@link OnnxEpsModel#load(Path, Device, Map, int, Consumer)}) on first use. Close the lease
     * when done; the session stays cached. Loading holds the cache's lock.
     *
     * @throws ModelException as {@link OnnxEpsModel#load} does
     */
    public synchronized EpsModel open(Path onnx, Device device, Map<String, String> overrides, int threads,
                                      Consumer<String> log) {
        if (closed) throw new IllegalStateException("the model cache was closed (its SciJava context was disposed)");
        ModelFiles.checkReadable(onnx);
        Key key;
        Stamp stamp;
        try {
            key = new Key(onnx.toRealPath().toString(), device, threads, new TreeMap<>(overrides));
            stamp = Stamp.of(onnx);
        } catch (IOException e) {
            throw new ModelException("model file " + onnx + " cannot be read: " + e.getMessage(), e);
        }
        Entry entry = entries.get(key);
        if (entry != null && !entry.stamp.equals(stamp)) {
            entries.remove(key);
            entry.retire();
            entry = null;
        }
        if (entry == null) {
            entry = new Entry(OnnxEpsModel.load(onnx, device, overrides, threads, log), stamp);
            entries.put(key, entry);
        }
        entry.leases++;
        return new Lease(entry);
    }

    /** Closes every cached session nobody holds; held ones close when their last lease does. */
    public synchronized void clear() {
        for (Entry e : entries.values()) e.retire();
        entries.clear();
    }

    /** Closes every session as {@link #clear()} does and refuses new ones. */
    @Override
    public synchronized void close() {
        clear();
        closed = true;
    }

    /** Number of cached sessions. */
    public synchronized int size() {
        return entries.size();
    }

    private void release(Entry entry) {
        synchronized (this) {
            entry.leases--;
            if (entry.retired && entry.leases == 0) entry.model.close();
        }
    }

    private record Key(String path, Device device, int threads, TreeMap<String, String> overrides) {
    }

    private record Stamp(long size, long modified) {
        static Stamp of(Path p) throws IOException {
            return new Stamp(Files.size(p), Files.getLastModifiedTime(p).toMillis());
        }
    }

    private static final class Entry {
        final OnnxEpsModel model;
        final Stamp stamp;
        int leases;
        boolean retired;

        Entry(OnnxEpsModel model, Stamp stamp) {
            this.model = model;
            this.stamp = stamp;
        }

        void retire() {
            retired = true;
            if (leases == 0) model.close();
        }
    }

    /** One holder's use of a cached session; closing it returns the lease, not the session. */
    private final class Lease implements EpsModel {
        private final Entry entry;
        private boolean closed;

        Lease(Entry entry) {
            this.entry = entry;
        }

        private OnnxEpsModel model() {
            if (closed) throw new IllegalStateException("this model lease was closed");
            return entry.model;
        }

        @Override
        public ModelMetadata metadata() {
            return model().metadata();
        }

        @Override
        public void predict(float[] x, float[] t, int n, int h, int w, float[] eps, CancelToken cancel) {
            model().predict(x, t, n, h, w, eps, cancel);
        }

        @Override
        public String device() {
            return model().device();
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            release(entry);
        }

        @Override
        public String toString() {
            return "lease on " + entry.model.file() + " (" + entry.model.device() + ")";
        }
    }

    /** The session behind a lease from {@link #open}, for tests and diagnostics. */
    static OnnxEpsModel sessionOf(EpsModel lease) {
        return ((Lease) Objects.requireNonNull(lease)).model();
    }
}
