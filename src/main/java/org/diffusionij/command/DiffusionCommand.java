package org.diffusionij.command;

import java.lang.reflect.Field;
import java.util.Locale;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.CancelledException;
import org.diffusionij.control.OutOfMemoryAdvice;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.model.ModelException;
import org.diffusionij.model.ModelLog;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.pipeline.DefaultModel;
import org.diffusionij.pipeline.DiffusionOptions;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;

/**
 * What every Diffusion command shares: cancellation (the module's cancel, and Esc in Fiji) wired
 * to one {@link CancelToken} that also stops a network call in flight; progress to the status
 * bar; a log line with device and time; and the rule that a run either produces its whole output
 * or none. Bad input ends the run through {@link #cancel(String)} with a message that names the
 * problem and the fix: SciJava shows that message to the user and displays no output.
 * A {@link ContextCommand}, not a DynamicCommand: CommandService.run returns no module for the
 * latter, and scripts need the module to read outputs.
 *
 * <p>The {@code model} and {@code device} parameters are declared here once (SciJava injects
 * inherited fields; the field names are the macro keys). The model is a String, not a File:
 * SciJava's FilePreprocessor opens a file chooser (and headless, cancels) whenever a File is the
 * only input a macro leaves unset. Names and files are resolved by {@code pipeline.ModelCatalog};
 * the "Choose model..." button lists the names ({@link ModelChooser}). Defaults come from
 * {@link DiffusionOptions}.
 */
public abstract class DiffusionCommand extends ContextCommand {

    @Parameter
    protected LogService log;

    @Parameter
    protected StatusService status;

    @Parameter
    private ModelCacheService models;

    @Parameter(label = "Model (name or .onnx/.zip file; empty = the command's default)", required = false,
            persist = false)
    protected String model = DiffusionOptions.MODEL;

    /** Opens the list of models by name (or a file chooser); never part of a macro (no value to record). */
    @Parameter(label = "Choose model...", callback = "pickModel", required = false, persist = false)
    private Button chooseModel;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    protected String device = DiffusionOptions.DEVICE;

    private final CancelToken token = new CancelToken();
    private volatile boolean userCancelled;

    /** The button's callback: the user's pick becomes the model option shown in the dialog. */
    private void pickModel() {
        model = ModelChooser.ask(model);
    }

    /** The model an empty {@code model} means for this command: {@link DefaultModel#NAME} unless overridden. */
    protected String defaultModel() {
        return DefaultModel.NAME;
    }

    /** The model option as given, or {@link #defaultModel} when it is empty. */
    protected final String modelOrDefault() {
        return model == null || model.isBlank() ? defaultModel() : model;
    }

    /** The command's work; sets its outputs only when it completes. */
    protected abstract void execute();

    /** Clears every output field, so a failed or cancelled run shows nothing. */
    private void clearOutputs() {
        for (Class<?> c = getClass(); c != ContextCommand.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p == null || p.type() != ItemIO.OUTPUT) continue;
                try {
                    f.setAccessible(true);
                    f.set(this, null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot clear the output " + f.getName(), e);
                }
            }
        }
    }

    /** Name for status and log lines: the menu entry without its dots, e.g. "Denoise", "Image to image". */
    protected String name() {
        String path = getClass().getAnnotation(Plugin.class).menuPath();
        return path.substring(path.lastIndexOf('>') + 1).replace("...", "");
    }

    @Override
    public final void run() {
        long start = System.nanoTime();
        try (EscapeWatcher esc = EscapeWatcher.start(this::cancelByUser)) {
            token.throwIfCancelled();
            execute();
            token.throwIfCancelled(); // cancelled after the last call: still no output
        } catch (CancelledException e) {
            clearOutputs();
            if (!isCanceled()) super.cancel("Cancelled.");
            log.info(name() + ": cancelled after " + seconds(start));
        } catch (IllegalArgumentException | IllegalStateException | ModelException e) {
            // Bad input, a model that breaks the contract or outputs NaN: a message for the user.
            clearOutputs();
            if (userCancelled) {
                log.info(name() + ": cancelled after " + seconds(start));
            } else {
                log.error(name() + ": " + e.getMessage());
                log.debug(e);
                fail(e.getMessage());
            }
        } catch (OutOfMemoryError e) {
            clearOutputs();
            String message = OutOfMemoryAdvice.message(name(), ij.IJ.getInstance() != null);
            log.error(message);
            fail(message);
        } catch (RuntimeException | Error e) {
            clearOutputs();
            throw e;
        } finally {
            status.showProgress(0, 0);
            status.clearStatus();
        }
    }

    /** Ends the run with an error shown to the user (SciJava treats it as a cancel with a reason). */
    private void fail(String message) {
        super.cancel(message);
        token.cancel();
    }

    private void cancelByUser() {
        cancel("Cancelled.");
    }

    /** Cancels the run: sets the reason and stops the network call in flight. Any thread. */
    @Override
    public void cancel(String reason) {
        userCancelled = true;
        super.cancel(reason);
        token.cancel();
    }

    /** The token every task and network call of this run watches. */
    protected CancelToken token() {
        return token;
    }

    /**
     * A lease on the context's cached session for {@code options}' model and device; close it when
     * done (the session stays cached). Auto's fall-back from a GPU build whose CUDA fails is a
     * warning; a CPU-only ONNX Runtime running on the CPU is an info line (no Console pop-up).
     */
    protected EpsModel openModel(DiffusionOptions options) {
        status.showStatus(name() + ": loading the model");
        return models.cache().open(options.modelFile(), options.device(), java.util.Map.of(),
                OnnxEpsModel.defaultThreads(), ModelLog.of(log::info, log::warn));
    }

    /** Progress for a task: the status bar's progress and message, at most about 20 updates a second. */
    protected Progress progress() {
        return new StatusProgress(status, name());
    }

    /** Logs the closing line: what was done, on which device, how long it took. */
    protected void logDone(String what, String device, long startNanos) {
        log.info(name() + ": " + what + " on " + device + " in " + seconds(startNanos));
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
