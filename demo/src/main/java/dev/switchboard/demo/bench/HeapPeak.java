package dev.switchboard.demo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak heap use of one benchmark step, read from the JVM's heap memory pools. */
final class HeapPeak {
  private HeapPeak() {}

  /** Collects what can be collected and starts a new peak. */
  static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of every heap pool's peak since {@link #reset()}, in MB; it counts uncollected garbage too. */
  static long megabytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum / (1024 * 1024);
  }
}
