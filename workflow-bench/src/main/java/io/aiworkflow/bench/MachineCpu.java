package io.aiworkflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from {@code /proc/stat}, to state what a scenario costs in CPU rather than
 * only in throughput: on a machine whose throughput varies by tens of percent from run to run (a
 * shared host), the CPU one execution takes is the steadier figure. Steal is the time the host gave
 * to others while this machine wanted to run, which is where such variation shows.
 */
record MachineCpu(long busy, long steal, long total) {

    /** Clock ticks per second of {@code /proc/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** What the machine's CPUs did between two readings. */
    record Use(double busySeconds, double busyShare, double stealShare) {}

    /** Now, or null where there is no {@code /proc/stat}. */
    static MachineCpu read() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0); // cpu user nice system idle …
            String[] f = line.trim().split("\\s+");
            long[] v = new long[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                v[i - 1] = Long.parseLong(f[i]);
            }
            // user nice system idle iowait irq softirq steal (guest time is inside user)
            long busy = v[0] + v[1] + v[2] + v[5] + v[6];
            long steal = v.length > 7 ? v[7] : 0;
            long total = busy + v[3] + v[4] + steal;
            return new MachineCpu(busy, steal, total);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Use since(MachineCpu before) {
        double ticks = Math.max(1, total - before.total);
        return new Use(
                (busy - before.busy) / TICKS_PER_SECOND, (busy - before.busy) / ticks, (steal - before.steal) / ticks);
    }
}
