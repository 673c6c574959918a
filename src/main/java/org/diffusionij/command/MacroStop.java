package org.diffusionij.command;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import org.scijava.event.EventHandler;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * Stops the calling ImageJ macro when a Diffusion command refuses its input (sampler=foo,
 * sigma=-1, no image open...), the way ImageJ's own commands stop it: the macro ends with
 * "Macro Error: MESSAGE in line N" and runs no further line, so a batch never saves an
 * unprocessed image under the result's name. Without this the legacy layer only logs the
 * refusal and the macro carries on.
 *
 * <p>Only a run started by a macro's {@code run(...)} stops a macro (a macro is running and is
 * inside {@code IJ.run}); a run from the menu, or a cancel by the user (Esc, the Cancel button),
 * stops nothing.
 */
@Plugin(type = Service.class)
public class MacroStop extends AbstractService {

    /** What a cancel by the user (Esc, Cancel) gives as reason: not an error, no macro stop. */
    private static final String USER_CANCEL = "Cancelled.";

    @EventHandler
    protected void onCanceled(ModuleCanceledEvent event) {
        String reason = event.getReason();
        if (!ImageJ1Outputs.isDiffusionCommand(event.getModule()) || reason == null || reason.isEmpty()
                || reason.equals(USER_CANCEL)) {
            return;
        }
        Interpreter macro = Interpreter.getInstance();
        if (macro == null || !startedByMacro()) return;
        try {
            macro.abort(reason); // ends the macro after this line, with the message and its line number
        } catch (RuntimeException e) {
            // Interpreter.error throws MACRO_CANCELED on the calling thread to unwind it; here that
            // is the module's thread, which has nothing left to unwind.
            if (!Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
        }
    }

    /** A macro waits in its run(...) for this command (SciJava sends the event on its own thread). */
    private static boolean startedByMacro() {
        return IJ.macroRunning();
    }
}
