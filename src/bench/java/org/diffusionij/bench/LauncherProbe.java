package org.diffusionij.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.diffusionij.cli.Main;
import org.diffusionij.control.CancelToken;

/**
 * Child-process half of the large-image measurement: one launcher call in a fresh JVM (so nothing
 * else the bench did counts), then its wall time and the process's peak resident set size
 * (VmHWM), printed as key=value lines. Arguments: the launcher's.
 */
public final class LauncherProbe {

    private LauncherProbe() {
    }

    public static void main(String[] args) {
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), CancelToken.none(),
                args);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != Main.OK) System.err.print(err);
        System.out.printf(Locale.ROOT, "code=%d%nseconds=%.3f%npeak_rss_mib=%.1f%n", code, seconds, Machine.peakRssMiB());
        System.exit(code);
    }
}
