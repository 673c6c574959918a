package org.diffusionij.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row. */
public final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; each cell is printed with {@code toString()}, doubles with {@link #num}. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c instanceof Double d ? num(d, 3) : String.valueOf(c));
        rows.add(r);
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    /** A number with {@code decimals} decimals, "∞" or "n/a". */
    public static String num(double v, int decimals) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        String[] rule = new String[header.size()];
        Arrays.fill(rule, "---");
        sb.append("|").append(String.join("|", rule)).append("|\n");
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        return sb.toString();
    }
}
