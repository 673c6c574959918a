package org.diffusionij.cli;

import java.util.ArrayList;
import java.util.List;


/**
 * One part of a folder run, {@code --shard I/N} with I counted from 0 (0..N-1, like a Kubernetes
 * indexed Job's JOB_COMPLETION_INDEX and a SLURM array declared {@code --array=0-(N-1)}). The
 * folder's files, sorted by name, are dealt round-robin: file k belongs to shard k mod N. Every
 * shard computes the same split from the same folder, so N array tasks cover every file exactly
 * once without talking to each other.
 *
 * @param index this shard, 0..count-1
 * @param count how many shards split the folder
 */
record Shard(int index, int count) {

    /** The whole folder: one shard. */
    static final Shard ALL = new Shard(0, 1);

    Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard " + index + "/" + count + " is out of range: give I/N with N "
                    + "at least 1 and I from 0 to N-1 (e.g. --shard $SLURM_ARRAY_TASK_ID/4 with --array=0-3)");
        }
    }

    /** Parses "I/N"; one line naming the form on anything else. */
    static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) return new Shard(Integer.parseInt(t.substring(0, slash).trim()),
                    Integer.parseInt(t.substring(slash + 1).trim()));
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--shard '" + text + "' is not I/N: give this task's index I (0 to N-1) "
                + "and the number of tasks N, e.g. --shard 0/4");
    }

    /** The items of {@code sorted} that belong to this shard, in order. */
    <T> List<T> select(List<T> sorted) {
        List<T> mine = new ArrayList<>();
        for (int k = index; k < sorted.size(); k += count) mine.add(sorted.get(k));
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
