package org.diffusionij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The folder run's progress line on a terminal, and the shard rule. */
class FolderProgressTest {

    @Test
    void aTerminalGetsOneRedrawnLineAndFailuresOnTheirOwnLines() {
        StringWriter text = new StringWriter();
        FolderProgress p = new FolderProgress(new PrintWriter(text, true), "denoise", true, 3);
        p.starting("a.tif");
        p.written("a.tif", 0.5);
        p.starting("b.tif");
        p.failed("b.tif", "corrupt");
        p.starting("c.tif");
        p.written("c.tif", 0.5);
        p.finish();
        String s = text.toString();
        // \r redraws within a line; only \n ends one (String.lines() would split at \r too).
        List<String> lines = List.of(s.split("\n"));
        assertEquals(2, lines.size(), s);
        assertTrue(lines.get(0).endsWith("\rdenoise: FAILED b.tif: corrupt"), s);
        String last = lines.get(1).substring(lines.get(1).lastIndexOf('\r') + 1);
        assertTrue(last.startsWith("denoise: [3/3] 1 failed,") && last.contains("ETA 0:00"), last);
        assertTrue(s.endsWith("\n"));
    }

    @Test
    void shardsDealSortedFilesRoundRobin() {
        List<Integer> files = IntStream.range(0, 10).boxed().toList();
        assertEquals(List.of(0, 4, 8), new Shard(0, 4).select(files));
        assertEquals(List.of(3, 7), Shard.parse(" 3 / 4 ").select(files));
        assertEquals(files, Shard.ALL.select(files));
        assertFalse(new Shard(5, 6).select(List.of(1, 2)).iterator().hasNext(), "more shards than files: some empty");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("4/4")).getMessage()
                .contains("0 to N-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("1/0")).getMessage()
                .contains("N at least 1"));
    }
}
