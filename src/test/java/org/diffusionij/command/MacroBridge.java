package org.diffusionij.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import org.diffusionij.testing.TestFiles;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

/**
 * Runs a command the way Fiji runs it from {@code run("Denoise...", "sigma=12 steps=25")} in a
 * headless macro, without imagej-legacy (not on Maven Central): images live in ImageJ 1.x batch
 * mode (where a headless macro keeps them, visible to {@link WindowManager} by title); every
 * input whose field name is a key in the option string gets {@link Macro#getValue} of it,
 * converted by SciJava's ConvertService (as imagej-legacy's MacroPreprocessor does); an
 * {@code ImagePlus} input named in the options is looked up by title, and the single
 * {@code ImagePlus} input not named is filled with the current image (as
 * ActiveImagePlusPreprocessor does). Then CommandService runs it with pre- and postprocessing.
 */
final class MacroBridge implements AutoCloseable {

    private final Context context;
    private final CommandService commands;
    private final ModuleService modules;
    private final ConvertService convert;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final LogListener listener = m -> log.add(m.text());

    MacroBridge(Context context) {
        this.context = context;
        this.commands = context.service(CommandService.class);
        this.modules = context.service(ModuleService.class);
        this.convert = context.service(ConvertService.class);
        context.service(LogService.class).addLogListener(listener);
        Interpreter.batchMode = true;
    }

    /** Every log message since the last {@link #clearLog()}. */
    List<String> log() {
        return log;
    }

    void clearLog() {
        log.clear();
    }

    /** True when some log message since the last clear contains {@code text}. */
    boolean logged(String text) {
        return log.stream().anyMatch(m -> m.contains(text));
    }

    /** The golden tiny model on the CPU, as macro options. */
    static final String TINY = "model=[" + TestFiles.resource("/golden/tiny.onnx") + "] device=cpu";

    private static MacroBridge shared;

    /**
     * One bridge (and SciJava context) for all command test classes in this JVM: a context takes
     * seconds to start. Never closed; the JVM's end frees it.
     */
    static synchronized MacroBridge shared() {
        if (shared == null) shared = new MacroBridge(new Context());
        Interpreter.batchMode = true;
        shared.closeAll();
        shared.clearLog();
        return shared;
    }

    Context context() {
        return context;
    }

    /** Opens {@code imp} in batch mode and makes it the current image, as a macro's open() does. */
    ImagePlus show(ImagePlus imp) {
        Interpreter.addBatchModeImage(imp);
        WindowManager.setTempCurrentImage(imp);
        return imp;
    }

    /** Closes every batch-mode image (between tests). */
    void closeAll() {
        for (int id : Interpreter.getBatchModeImageIDs()) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null) Interpreter.removeBatchModeImage(imp);
        }
        WindowManager.setTempCurrentImage(null);
    }

    /** The inputs a macro call with {@code options} gives the command, by field name. */
    Map<String, Object> inputs(Class<? extends Command> cls, String options) {
        CommandInfo info = commands.getCommand(cls);
        if (info == null) throw new IllegalStateException("no command " + cls.getName() + " in the context");
        String opts = options.endsWith(" ") ? options : options + " "; // IJ.run appends the space
        Map<String, Object> inputs = new LinkedHashMap<>();
        String autoImage = null;
        int imageInputs = 0;
        for (ModuleItem<?> item : info.inputs()) {
            String name = item.getName();
            Class<?> type = item.getType();
            String value = Macro.getValue(opts, name, null);
            if (ImagePlus.class.isAssignableFrom(type)) {
                if (value != null) {
                    ImagePlus imp = WindowManager.getImage(value);
                    if (imp == null) throw new IllegalArgumentException("There is no image titled '" + value + "'");
                    inputs.put(name, imp);
                } else {
                    imageInputs++;
                    autoImage = name;
                }
                continue;
            }
            if (value == null && (type == boolean.class || type == Boolean.class)) {
                // A checkbox: ImageJ records a ticked box as its bare key ("uncertainty"), as GenericDialog reads it.
                if ((" " + opts).contains(" " + name + " ")) inputs.put(name, Boolean.TRUE);
                continue;
            }
            if (value == null) continue;
            if (!convert.supports(value, type)) {
                throw new IllegalArgumentException("cannot convert '" + value + "' to " + type.getSimpleName()
                        + " for " + name);
            }
            inputs.put(name, convert.convert(value, type));
        }
        if (imageInputs == 1) {
            ImagePlus current = WindowManager.getCurrentImage();
            if (current != null) inputs.put(autoImage, current);
        }
        return inputs;
    }

    /** Starts the command; the returned run can be cancelled and awaited. */
    Run start(Class<? extends Command> cls, String options) {
        Map<String, Object> in = inputs(cls, options);
        CommandInfo info = commands.getCommand(cls);
        Module module;
        try {
            module = modules.createModule(info);
        } catch (RuntimeException e) {
            throw e;
        }
        Future<Module> f = modules.run(module, true, in);
        return new Run(module, f);
    }

    /**
     * Runs the command to the end with pre- and postprocessing, on this thread with the macro
     * options visible to {@link Macro#getOptions()} (thread named "Run$_...", as IJ.run names it;
     * in Fiji the legacy layer makes them visible to the command's thread), so preprocessors that
     * read them (MacroDefaults) act as in Fiji.
     */
    Module run(Class<? extends Command> cls, String options) throws InterruptedException, ExecutionException {
        Map<String, Object> in = inputs(cls, options);
        Module module = modules.createModule(commands.getCommand(cls));
        for (Map.Entry<String, Object> e : in.entrySet()) {
            module.setInput(e.getKey(), e.getValue());
            module.resolveInput(e.getKey());
        }
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        thread.setName("Run$_" + name);
        Macro.setOptions(options);
        try {
            PluginService plugins = context.service(PluginService.class);
            new ModuleRunner(context, module, plugins.createInstancesOfType(PreprocessorPlugin.class),
                    plugins.createInstancesOfType(PostprocessorPlugin.class)).run();
        } finally {
            Macro.setOptions(null);
            thread.setName(name);
        }
        return module;
    }

    /** Runs the command; asserts that it completed and returns its {@code result} image. */
    ImagePlus result(Class<? extends Command> cls, String options) throws InterruptedException, ExecutionException {
        Module m = run(cls, options);
        org.junit.jupiter.api.Assertions.assertFalse(canceled(m), reason(m));
        ImagePlus out = (ImagePlus) m.getOutput("result");
        org.junit.jupiter.api.Assertions.assertNotNull(out, cls.getSimpleName() + " made no result");
        return out;
    }

    /** Runs the command; asserts that it was refused with no result and returns the reason the user sees. */
    String refusal(Class<? extends Command> cls, String options) throws InterruptedException, ExecutionException {
        Module m = run(cls, options);
        org.junit.jupiter.api.Assertions.assertTrue(canceled(m), "expected a refusal for " + options);
        org.junit.jupiter.api.Assertions.assertNull(m.getOutput("result"));
        return reason(m);
    }

    @Override
    public void close() {
        closeAll();
        Interpreter.batchMode = false;
        context.dispose();
    }

    /** A command started by {@link #start}. */
    static final class Run {
        final Module module;
        final Future<Module> future;

        Run(Module module, Future<Module> future) {
            this.module = module;
            this.future = future;
        }

        void cancel(String reason) {
            ((Cancelable) module).cancel(reason);
        }

        Module await(long seconds) throws Exception {
            return future.get(seconds, TimeUnit.SECONDS);
        }
    }

    /** True when SciJava ended the module by a cancel (user, or a refused input). */
    static boolean canceled(Module m) {
        return m instanceof Cancelable && ((Cancelable) m).isCanceled();
    }

    /** The message of a refused input or cancel. */
    static String reason(Module m) {
        return m instanceof Cancelable ? ((Cancelable) m).getCancelReason() : null;
    }
}
