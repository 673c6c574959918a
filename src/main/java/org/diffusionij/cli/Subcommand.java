package org.diffusionij.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every launcher subcommand shares: the launcher it runs under ({@link Main}: the model
 * cache, the cancel token, --debug) and its picocli spec, for its name and the streams it prints
 * to (the command line's own, which tests capture).
 */
abstract class Subcommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    /** Where results and reports go. */
    PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /** Where log lines, progress and errors go. */
    PrintWriter stderr() {
        return spec.commandLine().getErr();
    }

    /** The name log lines start with, e.g. "denoise". */
    String name() {
        return spec.qualifiedName();
    }
}
