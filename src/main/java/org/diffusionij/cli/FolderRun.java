package org.diffusionij.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;
import org.diffusionij.image.AtomicFiles;
import org.diffusionij.image.ImageFiles;

/**
 * A folder run ({@code --in DIR --out DIR}): this shard's files, one after the other, in one JVM
 * with one model. Files whose result already exists are skipped, so a killed run started again
 * does only the rest (a result is written whole or not at all, so an existing one is finished).
 * A file that fails gets one line naming it and why, and the others go on; the summary lists the
 * failures and the exit code is {@link Main#SOME_FAILED}.
 */
final class FolderRun {

    /**
     * The loaded model: turns one input file into its result, exactly as the single-file
     * subcommand does. Opened only when some file is left to do.
     */
    @FunctionalInterface
    interface Session extends AutoCloseable {
        ImagePlus run(Path input) throws Exception;

        @Override
        default void close() {
        }
    }

    /** Opens the session (loads the model once). */
    @FunctionalInterface
    interface SessionOpener {
        Session open() throws Exception;
    }

    private final String name;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean debug;
    private final CancelToken cancel;

    FolderRun(String name, PrintWriter out, PrintWriter err, boolean terminal, boolean debug, CancelToken cancel) {
        this.name = name;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.debug = debug;
        this.cancel = cancel;
    }

    /**
     * Runs this shard's files of {@code folder} into {@code outDir} (created when missing).
     *
     * @return {@link Main#OK}, {@link Main#SOME_FAILED} or {@link Main#CANCELLED}
     */
    int run(InputFolder folder, Path outDir, Shard shard, SessionOpener opener) throws Exception {
        long start = System.nanoTime();
        List<Path> mine = shard.select(folder.images());
        List<Path> todo = new ArrayList<>();
        for (Path p : mine) if (!Files.exists(result(outDir, p))) todo.add(p);
        int skipped = mine.size() - todo.size();
        err.println(name + ": " + folder.images().size() + " image file(s) in " + folder.dir()
                + (folder.ignored() > 0 ? " (" + folder.ignored() + " other file(s) ignored)" : "")
                + (shard.count() > 1 ? ", " + mine.size() + " in shard " + shard : "")
                + (skipped > 0 ? ", " + skipped + " already done (skipped)" : "") + ", " + todo.size() + " to do");
        if (todo.isEmpty()) {
            summary(0, skipped, List.of(), outDir, start);
            return Main.OK;
        }
        Files.createDirectories(outDir);
        AtomicFiles.checkWritable(result(outDir, todo.get(0)));  // before the model loads
        // A run killed outright leaves the temporary file of the result it was writing; this shard's
        // files are its own (shards are disjoint), so nobody else is writing them.
        int leftovers = 0;
        for (Path p : todo) leftovers += AtomicFiles.removeLeftovers(result(outDir, p));
        if (leftovers > 0) err.println(name + ": removed " + leftovers + " unfinished temporary file(s) of a killed run");
        List<String> failures = new ArrayList<>();
        int written = 0;
        FolderProgress progress = null;
        try (Session session = opener.open()) {
            progress = new FolderProgress(err, name, terminal, todo.size());  // times files, not the model load
            for (Path input : todo) {
                String file = input.getFileName().toString();
                progress.starting(file);
                long t0 = System.nanoTime();
                try {
                    ImagePlus image = session.run(input);
                    cancel.throwIfCancelled();
                    ImageFiles.writeTiff(result(outDir, input), image);
                    written++;
                    progress.written(file, (System.nanoTime() - t0) / 1e9);
                } catch (Exception e) {
                    if (e instanceof CancelledException || cancel.isCancelled()) throw new CancelledException();
                    String why = Main.isInputError(e) ? Main.message(e) : "internal error: " + e;
                    failures.add(file + ": " + why);
                    progress.failed(file, why);
                    if (debug) e.printStackTrace(err);
                }
            }
        } catch (CancelledException e) {
            if (progress != null) progress.finish();
            err.println(name + ": cancelled after " + written + " written file(s); the file in progress was not "
                    + "written; run the same command again to do the rest");
            return Main.CANCELLED;
        }
        progress.finish();
        summary(written, skipped, failures, outDir, start);
        return failures.isEmpty() ? Main.OK : Main.SOME_FAILED;
    }

    private static Path result(Path outDir, Path input) {
        return outDir.resolve(InputFolder.resultName(input));
    }

    private void summary(int written, int skipped, List<String> failures, Path outDir, long start) {
        out.println(String.format(Locale.ROOT, "%s: wrote %d file(s) to %s, skipped %d (result already there), "
                        + "%d failed, in %.1f s", name, written, outDir, skipped, failures.size(),
                (System.nanoTime() - start) / 1e9));
        for (String f : failures) out.println(name + ": failed: " + f);
        out.flush();
    }
}
