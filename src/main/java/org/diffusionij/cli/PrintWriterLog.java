package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** Log lines to the launcher's stderr, prefixed with the subcommand's name. */
final class PrintWriterLog implements Consumer<String> {

    private final PrintWriter err;
    private final String name;

    PrintWriterLog(PrintWriter err, String name) {
        this.err = err;
        this.name = name;
    }

    @Override
    public void accept(String line) {
        err.println(name + ": " + line);
    }
}
