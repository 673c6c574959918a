package org.diffusionij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the benchmark ran on, read from /proc and the JVM, for the report header. */
public final class Machine {

    private Machine() {
    }

    /** CPU model name from /proc/cpuinfo, or os.arch when unreadable. */
    public static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        }
        return System.getProperty("os.arch");
    }

    /** Total memory in GiB from /proc/meminfo, NaN when unreadable. */
    public static double memoryGiB() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** The 1-minute load average ("n/a" when unreadable): how busy the machine was. */
    public static String loadAverage() {
        List<String> l = lines("/proc/loadavg");
        return l.isEmpty() ? "n/a" : String.join(" ", List.of(l.get(0).split(" ")).subList(0, 3));
    }

    /** One line: CPU, cores, memory, OS, Java. */
    public static String describe() {
        return String.format(Locale.ROOT, "%s, %d CPUs available to the JVM, %.1f GiB RAM; %s %s; Java %s (%s)",
                cpuModel(), Runtime.getRuntime().availableProcessors(), memoryGiB(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    /** Peak resident set size of this process (VmHWM) in MiB, NaN where /proc is missing. */
    public static double peakRssMiB() {
        for (String line : lines("/proc/self/status")) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
        return Double.NaN;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
