package dev.switchboard.telephony;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link CallCorrelator} reads a PBX's dialplan. Validation names the bad field.
 *
 * @param inboundContexts contexts where calls from outside land (trunks); a call starting there is INBOUND
 * @param internalContexts contexts our own phones dial from; a call from there is INTERNAL to an extension, else
 *     OUTBOUND
 * @param dids our public numbers; a call dialling one of them is INBOUND whatever its context
 * @param agentChannelPatterns regular expressions matching a whole agent channel name or queue member interface,
 *     capturing the extension in a group named {@code ext}
 * @param agentNames extension to display name, for direct calls where Asterisk only knows the extension
 * @param expireAfter a call with no event for this long is closed by {@link CallCorrelator#expire}
 * @param maxExtensionDigits numbers of at most this many digits are internal extensions, not phone numbers
 */
public record CorrelatorSettings(
    Set<String> inboundContexts,
    Set<String> internalContexts,
    Set<String> dids,
    List<String> agentChannelPatterns,
    Map<String, String> agentNames,
    Duration expireAfter,
    int maxExtensionDigits) {

  public static final Set<String> DEFAULT_INBOUND_CONTEXTS = Set.of("from-pstn", "from-trunk");
  public static final Set<String> DEFAULT_INTERNAL_CONTEXTS = Set.of("internal", "from-internal");
  /** SIP/PJSIP/IAX2/DAHDI phones named by extension, and Local channels or {@code /n} member interfaces to one. */
  public static final List<String> DEFAULT_AGENT_CHANNEL_PATTERNS = List.of(
      "(?:PJSIP|SIP|IAX2|DAHDI)/(?<ext>\\d{2,6})(?:-[0-9a-fA-F]+)?",
      "Local/(?<ext>\\d{2,6})@[^;/]+?(?:-[0-9a-fA-F]{8};[12]|/n)?");
  public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(4);
  public static final int DEFAULT_MAX_EXTENSION_DIGITS = 6;

  public CorrelatorSettings {
    inboundContexts = names("inboundContexts", inboundContexts);
    internalContexts = names("internalContexts", internalContexts);
    dids = names("dids", dids);
    Objects.requireNonNull(agentChannelPatterns, "agentChannelPatterns");
    agentChannelPatterns = List.copyOf(agentChannelPatterns);
    for (int i = 0; i < agentChannelPatterns.size(); i++) {
      checkPattern("agentChannelPatterns[" + i + "]", agentChannelPatterns.get(i));
    }
    Objects.requireNonNull(agentNames, "agentNames");
    agentNames = Map.copyOf(agentNames);
    Objects.requireNonNull(expireAfter, "expireAfter");
    if (expireAfter.isNegative() || expireAfter.isZero()) {
      throw new IllegalArgumentException("expireAfter must be positive, was " + expireAfter);
    }
    if (maxExtensionDigits < 1 || maxExtensionDigits > 10) {
      throw new IllegalArgumentException("maxExtensionDigits must be 1..10, was " + maxExtensionDigits);
    }
    Set<String> both = new HashSet<>(inboundContexts);
    both.retainAll(internalContexts);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException("internalContexts must not repeat inboundContexts, both have " + both);
    }
  }

  public static CorrelatorSettings defaults() {
    return new CorrelatorSettings(DEFAULT_INBOUND_CONTEXTS, DEFAULT_INTERNAL_CONTEXTS, Set.of(),
        DEFAULT_AGENT_CHANNEL_PATTERNS, Map.of(), DEFAULT_EXPIRE_AFTER, DEFAULT_MAX_EXTENSION_DIGITS);
  }

  public CorrelatorSettings withInboundContexts(Set<String> value) {
    return new CorrelatorSettings(value, internalContexts, dids, agentChannelPatterns, agentNames, expireAfter,
        maxExtensionDigits);
  }

  public CorrelatorSettings withInternalContexts(Set<String> value) {
    return new CorrelatorSettings(inboundContexts, value, dids, agentChannelPatterns, agentNames, expireAfter,
        maxExtensionDigits);
  }

  public CorrelatorSettings withDids(Set<String> value) {
    return new CorrelatorSettings(inboundContexts, internalContexts, value, agentChannelPatterns, agentNames,
        expireAfter, maxExtensionDigits);
  }

  public CorrelatorSettings withAgentChannelPatterns(List<String> value) {
    return new CorrelatorSettings(inboundContexts, internalContexts, dids, value, agentNames, expireAfter,
        maxExtensionDigits);
  }

  public CorrelatorSettings withAgentNames(Map<String, String> value) {
    return new CorrelatorSettings(inboundContexts, internalContexts, dids, agentChannelPatterns, value, expireAfter,
        maxExtensionDigits);
  }

  public CorrelatorSettings withExpireAfter(Duration value) {
    return new CorrelatorSettings(inboundContexts, internalContexts, dids, agentChannelPatterns, agentNames, value,
        maxExtensionDigits);
  }

  public CorrelatorSettings withMaxExtensionDigits(int value) {
    return new CorrelatorSettings(inboundContexts, internalContexts, dids, agentChannelPatterns, agentNames,
        expireAfter, value);
  }

  private static Set<String> names(String field, Set<String> values) {
    Objects.requireNonNull(values, field);
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain blank entries");
      }
    }
    return Set.copyOf(values);
  }

  private static void checkPattern(String field, String regex) {
    if (regex == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(field + " is not a valid regular expression: " + e.getDescription(), e);
    }
    if (!regex.contains("(?<ext>")) {
      throw new IllegalArgumentException(field + " must capture the extension in a group named ext: " + regex);
    }
  }
}
