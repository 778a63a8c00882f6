package dev.switchboard.gateway.mail;

import java.util.List;

/** IMAP sequence-set syntax for UIDs, with consecutive runs folded into ranges ({@code 1:5,7,9:12}). */
final class UidSet {
  private UidSet() {}

  static String of(List<Long> sortedUids) {
    if (sortedUids.isEmpty()) {
      throw new IllegalArgumentException("empty UID set");
    }
    StringBuilder sb = new StringBuilder();
    long start = sortedUids.get(0);
    long prev = start;
    for (int i = 1; i <= sortedUids.size(); i++) {
      long cur = i < sortedUids.size() ? sortedUids.get(i) : -1;
      if (cur == prev + 1) {
        prev = cur;
        continue;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(start);
      if (prev != start) {
        sb.append(':').append(prev);
      }
      start = cur;
      prev = cur;
    }
    return sb.toString();
  }
}
