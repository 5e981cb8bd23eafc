package dev.surge.tools.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The machine a run measured, as the JVM sees it: figures from two machines do not compare.
 *
 * @param memoryBytes physical memory
 * @param maxHeapBytes the bench JVM's heap limit, which Surge, the broker and the load generator share
 */
record Machine(int cores, long memoryBytes, long maxHeapBytes, String os, String jdk) {

    static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")";
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, Runtime.getRuntime().maxMemory(), os,
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    String describe() {
        return cores + " cores, " + gib(memoryBytes) + " memory (heap limit " + gib(maxHeapBytes) + "), " + os
                + ", JDK " + jdk;
    }

    private static String gib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
