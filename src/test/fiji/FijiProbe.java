import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Window;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JSpinner;
import javax.swing.text.JTextComponent;

import ij.IJ;
import ij.plugin.frame.Recorder;

/**
 * Test helper for the Fiji GUI suite (src/test/fiji/fiji_suite.py), installed only into the
 * suite's copy of the runtime. Macros call its static String methods with call("FijiProbe.x", ...)
 * to read what a user sees: menu items, dialog fields, the Recorder's text, open windows.
 * {@link #serve} runs macro files dropped into a folder, so the suite can act on one running
 * ImageJ window without a macro being in flight while it presses keys (Esc stops a macro).
 */
public final class FijiProbe {

    private FijiProbe() {
    }

    /** Labels of the items under a menu path of ImageJ's menu bar, e.g. "Plugins>Diffusion", one a line. */
    public static String menu(String path) {
        MenuBar bar = IJ.getInstance() == null ? null : IJ.getInstance().getMenuBar();
        if (bar == null) return "no menu bar";
        String[] names = path.split(">");
        Menu menu = null;
        for (int i = 0; i < bar.getMenuCount() && menu == null; i++) {
            if (bar.getMenu(i).getLabel().equals(names[0])) menu = bar.getMenu(i);
        }
        for (int k = 1; k < names.length && menu != null; k++) {
            Menu next = null;
            for (int i = 0; i < menu.getItemCount(); i++) {
                MenuItem item = menu.getItem(i);
                if (item instanceof Menu && item.getLabel().equals(names[k])) next = (Menu) item;
            }
            menu = next;
        }
        if (menu == null) return "no menu " + path;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < menu.getItemCount(); i++) sb.append(menu.getItem(i).getLabel()).append('\n');
        return sb.toString();
    }

    /** The texts, in order, of the labels and input fields of the visible dialog titled {@code title}. */
    public static String dialog(String title) {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w instanceof Dialog && title.equals(((Dialog) w).getTitle())) {
                List<String> out = new ArrayList<>();
                collect(w, out);
                return String.join("\n", out);
            }
        }
        return "no dialog " + title;
    }

    private static void collect(Component c, List<String> out) {
        if (!c.isVisible()) return;
        if (c instanceof JLabel) {
            out.add("label: " + ((JLabel) c).getText());
        } else if (c instanceof JTextComponent) {
            out.add("text: " + ((JTextComponent) c).getText());
            return;
        } else if (c instanceof JSpinner) {
            out.add("spinner: " + ((JSpinner) c).getValue());
            return;
        } else if (c instanceof JComboBox) {
            out.add("choice: " + ((JComboBox<?>) c).getSelectedItem());
            return;
        } else if (c instanceof AbstractButton) {
            out.add("button: " + ((AbstractButton) c).getText());
        }
        if (c instanceof Container) {
            for (Component child : ((Container) c).getComponents()) collect(child, out);
        }
    }

    /** Presses the button labelled {@code label} of the visible dialog titled {@code title}. */
    public static String press(String title, String label) {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w instanceof Dialog && title.equals(((Dialog) w).getTitle())) {
                AbstractButton b = button(w, label);
                if (b == null) return "no button " + label;
                javax.swing.SwingUtilities.invokeLater(b::doClick);
                return "pressed " + label;
            }
        }
        return "no dialog " + title;
    }

    private static AbstractButton button(Component c, String label) {
        if (c instanceof AbstractButton && label.equals(((AbstractButton) c).getText())) return (AbstractButton) c;
        if (c instanceof Container) {
            for (Component child : ((Container) c).getComponents()) {
                AbstractButton b = button(child, label);
                if (b != null) return b;
            }
        }
        return null;
    }

    /** The macro Recorder's text, or "no recorder". */
    public static String recorder() {
        Recorder r = Recorder.getInstance();
        return r == null ? "no recorder" : r.getText();
    }

    /** Titles of every showing frame and dialog (image windows, tables, Console, dialogs), one a line. */
    public static String windows() {
        StringBuilder sb = new StringBuilder();
        for (Window w : Window.getWindows()) {
            if (!w.isShowing()) continue;
            String t = w instanceof Frame ? ((Frame) w).getTitle() : w instanceof Dialog ? ((Dialog) w).getTitle() : "";
            sb.append(t).append('\n');
        }
        return sb.toString();
    }

    /**
     * Starts a daemon thread that runs each NAME.ijm appearing in {@code dir} (in name order) with
     * IJ.runMacroFile and then writes NAME.done holding the macro's return value.
     */
    public static String serve(String dir) {
        Thread t = new Thread(() -> {
            File d = new File(dir);
            // Console arguments (the macro calling this) run before the ImageJ window opens; start
            // serving once it is up and settled.
            try {
                while (IJ.getInstance() == null || !IJ.getInstance().isShowing()) Thread.sleep(200);
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                return;
            }
            while (true) {
                String[] names = d.list((f, n) -> n.endsWith(".ijm") && !new File(f, n + ".done").exists());
                if (names != null && names.length > 0) {
                    Arrays.sort(names);
                    File f = new File(d, names[0]);
                    String result;
                    try {
                        IJ.resetEscape(); // an Esc pressed for a command must not abort the next macro
                        result = String.valueOf(IJ.runMacroFile(f.getPath()));
                    } catch (Throwable e) {
                        result = "exception: " + e;
                    }
                    try {
                        Files.write(new File(d, names[0] + ".done").toPath(), result.getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        return;
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "FijiProbe server");
        t.setDaemon(true);
        t.start();
        return "serving " + dir;
    }

    /** Saves a PNG of the screen (java.awt.Robot), as a user sees it. */
    public static String screenshot(String path) {
        try {
            java.awt.Rectangle all = new java.awt.Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
            java.awt.image.BufferedImage shot = new java.awt.Robot().createScreenCapture(all);
            javax.imageio.ImageIO.write(shot, "png", new File(path));
            return path;
        } catch (Exception e) {
            return "screenshot failed: " + e;
        }
    }

    /** Runs an ImageJ command with options on a new thread, as a plugin would (no macro is running). */
    public static String runInThread(String command, String options) {
        new Thread(() -> {
            try {
                IJ.run(command, options);
            } catch (RuntimeException e) {
                // Esc: ImageJ ends the caller of IJ.run with "Macro canceled"
            }
        }, "FijiProbe run").start();
        return "started " + command;
    }

    /** Ends the JVM (ImageJ's Quit may ask questions). */
    public static String exit() {
        System.exit(0);
        return "";
    }
}
