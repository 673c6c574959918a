package org.diffusionij.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every number of a benchmark run in long form: section, task, setting, method, metric, value, n. */
public final class ResultsCsv {

    private final List<String> lines = new ArrayList<>(List.of("section,task,setting,method,metric,value,n"));

    /** Records one number; text fields must not contain commas or quotes (they are labels). */
    public void add(String section, String task, String setting, String method, String metric, double value, int n) {
        for (String s : new String[] {section, task, setting, method, metric}) {
            if (s.contains(",") || s.contains("\"")) throw new IllegalArgumentException("CSV label with a comma or quote: " + s);
        }
        lines.add(String.join(",", section, task, setting, method, metric,
                String.format(Locale.ROOT, "%.6g", value), Integer.toString(n)));
    }

    public int size() {
        return lines.size() - 1;
    }

    /** Writes the file whole (temp file + rename). */
    public void write(Path file) throws IOException {
        BenchFiles.writeString(file, String.join("\n", lines) + "\n");
    }
}
