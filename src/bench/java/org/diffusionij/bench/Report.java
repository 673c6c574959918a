package org.diffusionij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark report: bench/report.md (header, targets summary, one section per part),
 * PNG figures under figures/, and every number in results.csv. Written whole at the end.
 */
public final class Report {

    /** One line of the targets summary. */
    public record Target(String name, String goal, String measured, Boolean met, String note) {
    }

    private final Path dir;
    private final StringBuilder header = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();
    private final ResultsCsv csv = new ResultsCsv();

    public Report(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("figures"));
    }

    public Path figurePath(String name) {
        return dir.resolve("figures").resolve(name);
    }

    public ResultsCsv csv() {
        return csv;
    }

    public Report headerLine(String text) {
        header.append(text).append('\n');
        return this;
    }

    public Report section(String title) {
        body.append("\n## ").append(title).append("\n\n");
        return this;
    }

    public Report subsection(String title) {
        body.append("\n### ").append(title).append("\n\n");
        return this;
    }

    public Report paragraph(String text) {
        body.append(text).append("\n\n");
        return this;
    }

    public Report table(MarkdownTable t) {
        body.append(t.toMarkdown()).append('\n');
        return this;
    }

    /** Embeds figures/{name} with a caption. */
    public Report figure(String name, String caption) {
        body.append("![").append(caption).append("](figures/").append(name).append(")\n\n*")
                .append(caption).append("*\n\n");
        return this;
    }

    /** Records a target; {@code met} null means it could not be decided (e.g. the part was skipped). */
    public Report target(String name, String goal, String measured, Boolean met, String note) {
        targets.add(new Target(name, goal, measured, met, note));
        return this;
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    /** Writes report.md and results.csv. */
    public void write() throws IOException {
        StringBuilder md = new StringBuilder("# Diffusion-IJ benchmark report\n\n").append(header).append('\n');
        md.append("## Targets\n\n");
        MarkdownTable t = new MarkdownTable("Target", "Goal", "Measured", "Met", "Note");
        for (Target x : targets) {
            t.row(x.name(), x.goal(), x.measured(), x.met() == null ? "n/a" : x.met() ? "yes" : "**no**", x.note());
        }
        md.append(t.toMarkdown()).append('\n');
        md.append(body);
        md.append("\nAll numbers: [results.csv](results.csv).\n");
        BenchFiles.writeString(dir.resolve("report.md"), md.toString());
        csv.write(dir.resolve("results.csv"));
    }
}
