package dev.switchboard.parser.internal;

import dev.switchboard.parser.ParseWarning;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;

/**
 * Mime4j's monitor turned into a bounded list of {@link ParseWarning}s. Returning false from {@link #warn} tells
 * mime4j to keep going: a broken part must degrade to a warning, never abort the parse.
 */
public final class WarningCollector extends DecodeMonitor {
  /** A hostile message can trigger one warning per line; past this many, further ones only bump a counter. */
  static final int MAX_WARNINGS = 100;

  private final List<ParseWarning> warnings = new ArrayList<>();
  private int suppressed;

  @Override
  public boolean warn(String message, String dropDesc) {
    add("mime", dropDesc == null || dropDesc.isEmpty() ? message : message + " (" + dropDesc + ")");
    return false;
  }

  @Override
  public boolean isListening() {
    return true;
  }

  public void add(String code, String detail) {
    ParseWarning warning = new ParseWarning(code, detail);
    if (warnings.contains(warning)) {
      // header values are decoded more than once (header list, subject, addresses): one problem, one warning
      return;
    }
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(warning);
    } else {
      suppressed++;
    }
  }

  public List<ParseWarning> warnings() {
    if (suppressed == 0) {
      return List.copyOf(warnings);
    }
    List<ParseWarning> all = new ArrayList<>(warnings);
    all.add(new ParseWarning("warnings-truncated", "suppressed=" + suppressed));
    return List.copyOf(all);
  }
}
