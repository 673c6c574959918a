package org.diffusionij.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffusionij.cli.Main;
import org.diffusionij.control.CancelToken;

/**
 * Runs the headless launcher in-process ({@code Main.execute}, the same code as
 * {@code scripts/diffusion-ij}) with the bench's model, CPU and thread count; each call opens the
 * model as a launcher call does.
 */
final class Launcher {

    private final Path model;
    private final int threads;

    Launcher(Path model, int threads) {
        this.model = model;
        this.threads = threads;
    }

    /** The full argument list of one call: {@code args} plus model, device and threads. */
    List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--model", model.toString(), "--device", "cpu", "--threads", Integer.toString(threads)));
        return all;
    }

    /** Runs one launcher call; its wall-clock seconds. Throws with the launcher's messages unless it exits 0. */
    double run(String... args) throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), CancelToken.none(),
                args(args).toArray(new String[0]));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != Main.OK) throw new IOException("launcher " + String.join(" ", args) + " exited " + code + ": " + err);
        return seconds;
    }
}
