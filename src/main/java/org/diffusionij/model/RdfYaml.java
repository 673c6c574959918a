package org.diffusionij.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scalars of a bioimage.io {@code rdf.yaml} that sit in nested block mappings, by dotted path
 * ({@code weights.onnx.source}). Neither ImageJ nor SciJava puts a YAML library on the class path,
 * and the plugin needs only a few such keys, so this reads the block style that PyYAML and
 * hand-written RDFs use: {@code key: value} lines nested by indentation, plain or quoted scalars
 * (quoted ones may continue over lines), comments, and block scalars ({@code |}, {@code >}).
 * Everything inside a sequence ({@code - ...}) is skipped, and a flow collection
 * ({@code [a, b]}, {@code {k: v}}) is kept as its raw text: no key the plugin reads lives there.
 */
public final class RdfYaml {

    private RdfYaml() {
    }

    /** The scalars of {@code text} by dotted path, in file order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Deque<Key> open = new ArrayDeque<>(); // the mapping keys enclosing the current line
        List<String> lines = text.lines().toList();
        int skipDeeperThan = -1; // inside a sequence or block scalar: skip lines indented more than this
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String body = stripComment(line).stripTrailing();
            if (body.isBlank() || body.startsWith("%") || body.equals("---") || body.equals("...")) continue;
            int indent = indentOf(body);
            if (skipDeeperThan >= 0) {
                if (indent > skipDeeperThan || (indent == skipDeeperThan && body.startsWith("-", indent))) continue;
                skipDeeperThan = -1;
            }
            String content = body.substring(indent);
            while (!open.isEmpty() && open.peek().indent >= indent) open.pop();
            if (content.startsWith("- ") || content.equals("-")) {
                skipDeeperThan = indent; // a sequence: its items and their contents are not read
                continue;
            }
            int colon = keyColon(content);
            if (colon < 0) continue; // a continuation of a plain scalar: not read
            String key = unquote(content.substring(0, colon).strip());
            String value = content.substring(colon + 1).strip();
            String path = pathOf(open, key);
            if (value.isEmpty()) {
                open.push(new Key(indent, key)); // a nested mapping (or a sequence) follows
                continue;
            }
            if (value.startsWith("|") || value.startsWith(">")) {
                skipDeeperThan = indent; // block scalar: not needed, skipped
                continue;
            }
            char q = value.charAt(0);
            if ((q == '"' || q == '\'') && !closes(value, q)) {
                StringBuilder sb = new StringBuilder(value);
                while (i + 1 < lines.size() && !closes(sb.toString(), q)) sb.append(' ').append(lines.get(++i).strip());
                value = sb.toString();
            }
            out.put(path, scalar(value));
        }
        return out;
    }

    private record Key(int indent, String name) {
    }

    private static String pathOf(Deque<Key> open, String key) {
        StringBuilder sb = new StringBuilder();
        var it = open.descendingIterator();
        while (it.hasNext()) sb.append(it.next().name).append('.');
        return sb.append(key).toString();
    }

    private static int indentOf(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    /** Index of the colon that ends a mapping key ("key:" or "key: value"), -1 if the line has none. */
    private static int keyColon(String s) {
        char q = s.isEmpty() ? 0 : s.charAt(0);
        int from = 0;
        if (q == '"' || q == '\'') {
            int end = s.indexOf(q, 1);
            if (end < 0) return -1;
            from = end + 1;
        } else if (q == '[' || q == '{') {
            return -1;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) return i;
        }
        return -1;
    }

    /** The line without a trailing "# comment" (a '#' after a space, outside quotes). */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                if (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == ':') quote = c;
            } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** True when {@code s}, starting with quote {@code q}, has its closing quote. */
    private static boolean closes(String s, char q) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) != q) continue;
            if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i++; // '' is an escaped quote
                continue;
            }
            if (q == '"' && s.charAt(i - 1) == '\\') continue;
            return true;
        }
        return false;
    }

    private static String scalar(String v) {
        char q = v.charAt(0);
        if (q == '\'' || q == '"') return unquote(v);
        return v;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '\'' && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}
