package fr.intrascol.sync.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU time and memory of other processes, from Linux's {@code /proc}: the application's JVM (its own
 * {@code utime + stime}) and its embedded PostgreSQL (the postmaster found by its data folder, plus every
 * process below it, each with its reaped children's {@code cutime + cstime}, so that backends which
 * exited still count).
 */
final class ProcStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on every Linux the project runs on. */
    static final double TICKS = 100.0;

    private ProcStats() {
    }

    /** The CPU fields of one {@code /proc/<pid>/stat} line, in ticks. */
    record Cpu(long utime, long stime, long cutime, long cstime) {
        long own() {
            return utime + stime;
        }

        long withChildren() {
            return utime + stime + cutime + cstime;
        }
    }

    /**
     * Parses a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may hold
     * spaces or parentheses itself, so the fields are counted from the last {@code ')'}: utime is field 14.
     */
    static Cpu parseStat(String line) {
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): field n is fields[n - 3]
        return new Cpu(Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14]));
    }

    static Optional<Cpu> cpu(long pid) {
        try {
            return Optional.of(parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The JVM's own CPU seconds (its threads; not the children it reaped, such as initdb). */
    static double ownSeconds(long pid) {
        return cpu(pid).map(c -> c.own() / TICKS).orElse(0.0);
    }

    /** The PostgreSQL postmaster that serves {@code pgData}, if it runs. */
    static Optional<ProcessHandle> postmaster(Path pgData) {
        String data = pgData.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(data)).orElse(false))
                .findFirst();
    }

    /** CPU seconds of the postmaster and every process below it, the exited ones included. */
    static double treeSeconds(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        long ticks = 0;
        for (ProcessHandle p : all) {
            ticks += cpu(p.pid()).map(Cpu::withChildren).orElse(0L);
        }
        return ticks / TICKS;
    }

    /** A {@code kB} field of {@code /proc/<pid>/status} ({@code VmRSS:}, {@code VmHWM:}), in MiB; 0 if gone. */
    static double statusMib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // below
        }
        return 0;
    }
}
