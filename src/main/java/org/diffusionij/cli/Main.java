package org.diffusionij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;
import org.diffusionij.control.OutOfMemoryAdvice;
import org.diffusionij.model.ModelCache;
import org.diffusionij.model.ModelException;

import org.diffusionij.model.Device;
import org.diffusionij.schedule.TimestepSpacing;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The headless launcher ({@code scripts/diffusion-ij}): subcommands {@code generate}, {@code denoise},
 * {@code inpaint}, {@code super-resolve}, {@code img2img}, {@code eval} and
 * {@code info}. Exit codes: 0 done, 2 bad input (one line saying what and how to fix it; the
 * stack trace only with {@code --debug}; also "not enough memory", with the -Xmx to give), 1 an
 * internal error, 3 some files of a folder run ({@code --in DIR}) failed (the others were
 * written; the summary lists the failed ones), 130 cancelled (Ctrl-C stops the network call in
 * flight and nothing partial is written; once the whole output is written and announced, the run
 * counts as done: 0).
 */
@Command(name = "diffusion-ij", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {GenerateCommand.class, ImageSubcommands.DenoiseFile.class, ImageSubcommands.InpaintFile.class,
                ImageSubcommands.SuperResolveFile.class, ImageSubcommands.ImageToImageFile.class, InfoCommand.class,
                EvalCommand.class},
        description = "Denoising diffusion models (DDPM family) from the command line.")
public final class Main implements Runnable {

    /** Exit codes; SOME_FAILED: a folder run wrote the other files, and its summary lists the failed ones. */
    public static final int OK = 0, FAILED = 1, BAD_INPUT = 2, SOME_FAILED = 3, CANCELLED = 130;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean debug;

    @Spec
    CommandLine.Model.CommandSpec spec;

    final CancelToken cancel;

    /** The run's cached model sessions; closed (with their native memory) when the run ends. */
    final ModelCache models = new ModelCache();

    Main(CancelToken cancel) {
        this.cancel = cancel;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: generate, denoise, inpaint, super-resolve, img2img, info or eval");
    }

    /** Runs the launcher and exits with its code; Ctrl-C cancels the work in flight. */
    public static void main(String[] args) {
        CancelToken cancel = new CancelToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                // Let the worker unwind (delete its temporary file) before the JVM halts.
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "diffusion-ij cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(out, err, cancel, args);
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is already exiting (status 130). If the run still finished (Ctrl-C came during the
            // final write, and the whole output was written and announced), say so with status 0.
            if (code == OK) {
                out.flush();
                err.flush();
                Runtime.getRuntime().halt(OK);
            }
            return;
        }
        System.exit(code);
    }

    /**
     * Runs the launcher in-process: {@code out} for results, {@code err} for progress and
     * messages; {@code cancel} stops the work when cancelled from another thread.
     *
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, CancelToken cancel, String... args) {
        Main main = new Main(cancel);
        CommandLine cl = new CommandLine(main)
                .registerConverter(Device.class, parsing(Device::parse))
                .registerConverter(TimestepSpacing.class, parsing(TimestepSpacing::parse))
                .registerConverter(ImageSize.class, parsing(ImageSize::parse))
                .registerConverter(Shard.class, parsing(Shard::parse));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see "
                    + c.getCommandSpec().qualifiedName() + " --help)");
            if (main.debug) e.printStackTrace(c.getErr());
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            PrintWriter w = c.getErr();
            String name = c.getCommandSpec().qualifiedName();
            int code;
            if (e instanceof CancelledException || main.cancel.isCancelled()) {
                // After Ctrl-C, whatever failed (even a library refusing to start during JVM shutdown) failed
                // because of it.
                w.println(name + ": cancelled; nothing was written");
                code = CANCELLED;
            } else if (isInputError(e)) {
                w.println(name + ": " + message(e));
                code = BAD_INPUT;
            } else {
                w.println(name + ": internal error: " + e + (main.debug ? "" : " (run with --debug for details)"));
                code = FAILED;
            }
            if (main.debug) e.printStackTrace(w);
            w.flush();
            return code;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handler; headless, the only fix is the JVM's -Xmx (or a smaller run).
            CommandLine.ParseResult parsed = cl.getParseResult();
            CommandLine.ParseResult sub = parsed == null ? null : parsed.subcommand();
            String name = sub == null ? "diffusion-ij" : sub.commandSpec().qualifiedName();
            String task = sub == null ? "this run" : sub.commandSpec().name();
            err.println(name + ": " + OutOfMemoryAdvice.message(task, false));
            if (main.debug) e.printStackTrace(err);
            code = BAD_INPUT;
        } finally {
            main.models.close();
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Problems the user can fix: a bad model, a bad value, an unwritable file, a broken network. */
    static boolean isInputError(Exception e) {
        return e instanceof ModelException || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException || e instanceof IllegalStateException;
    }

    static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /** Version line: this build and the ONNX Runtime it runs. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"diffusion-ij " + (v == null ? "(development build)" : v)};
        }
    }

    /**
     * The one rule for option values a type parses itself: a bad value is its parse message
     * ("Invalid value for option '--device': unknown device ..."), not a Java exception name.
     */
    private static <T> CommandLine.ITypeConverter<T> parsing(java.util.function.Function<String, T> parse) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }
}
