package dev.switchboard.gateway.config;

import dev.switchboard.telephony.CorrelatorSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Asterisk PBX: where its Manager Interface (AMI) listens and how to read its dialplan.
 *
 * @param name stable key of the PBX: stored with every call, part of the health component {@code pbx:<name>}
 * @param secret the AMI user's secret; keep it in the environment ({@code ${AMI_SECRET}})
 * @param inboundContexts dialplan contexts where calls from outside land (trunks)
 * @param internalContexts contexts our own phones dial from
 * @param dids our public numbers: a call to one of them is inbound whatever its context
 * @param agentNames extension to display name, for direct calls where Asterisk only knows the extension
 * @param expireAfterMinutes a call with no event for this long is closed and recorded as expired
 * @param reconnectMaxSeconds the longest wait between two login attempts while the PBX is unreachable
 */
public record PbxOptions(
    String name,
    String host,
    int port,
    String username,
    String secret,
    List<String> inboundContexts,
    List<String> internalContexts,
    List<String> dids,
    Map<String, String> agentNames,
    int expireAfterMinutes,
    int reconnectMaxSeconds) {

  public static final int DEFAULT_PORT = 5038;
  public static final int DEFAULT_EXPIRE_AFTER_MINUTES = (int) CorrelatorSettings.DEFAULT_EXPIRE_AFTER.toMinutes();
  public static final int DEFAULT_RECONNECT_MAX_SECONDS = 60;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  public PbxOptions {
    inboundContexts = List.copyOf(inboundContexts);
    internalContexts = List.copyOf(internalContexts);
    dids = List.copyOf(dids);
    agentNames = Map.copyOf(agentNames);
  }

  static PbxOptions from(ConfigNode n, int maxExtensionDigits) {
    String name = n.requiredString("name");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(n.key("name"), "must be lower-case letters, digits, '-' or '_', was " + n.shown("name", name));
    }
    List<String> inbound = n.has("inboundContexts")
        ? n.strings("inboundContexts") : sorted(CorrelatorSettings.DEFAULT_INBOUND_CONTEXTS);
    List<String> internal = n.has("internalContexts")
        ? n.strings("internalContexts") : sorted(CorrelatorSettings.DEFAULT_INTERNAL_CONTEXTS);
    // marks the keys read when they are present but empty, so they are not reported as unknown
    n.strings("inboundContexts");
    n.strings("internalContexts");
    Map<String, String> agents = new LinkedHashMap<>();
    for (String[] agent : n.objects("agents", PbxOptions::agent)) {
      if (agents.put(agent[0], agent[1]) != null) {
        throw new ConfigException(n.key("agents"), "extension " + agent[0] + " is listed twice");
      }
    }
    PbxOptions o =
        new PbxOptions(
            name,
            n.requiredString("host"),
            n.integer("port", DEFAULT_PORT, 1, 65535),
            n.requiredString("username"),
            n.requiredString("secret"),
            inbound,
            internal,
            n.strings("dids"),
            agents,
            n.integer("expireAfterMinutes", DEFAULT_EXPIRE_AFTER_MINUTES, 1, 7 * 24 * 60),
            n.integer("reconnectMaxSeconds", DEFAULT_RECONNECT_MAX_SECONDS, 1, 3600));
    try {
      o.correlatorSettings(maxExtensionDigits);
    } catch (IllegalArgumentException e) {
      // CorrelatorSettings names the field first: "internalContexts must not repeat inboundContexts, ..."
      String message = e.getMessage();
      String field = message.split("[ \\[]", 2)[0];
      throw new ConfigException(n.key(field), message.substring(field.length()).strip());
    }
    return o;
  }

  private static String[] agent(ConfigNode n) {
    return new String[] {n.requiredString("extension"), n.requiredString("name")};
  }

  private static List<String> sorted(java.util.Set<String> names) {
    return names.stream().sorted().toList();
  }

  /** What the call correlator needs to know about this PBX's dialplan. */
  public CorrelatorSettings correlatorSettings(int maxExtensionDigits) {
    return CorrelatorSettings.defaults()
        .withInboundContexts(new LinkedHashSet<>(inboundContexts))
        .withInternalContexts(new LinkedHashSet<>(internalContexts))
        .withDids(new LinkedHashSet<>(dids))
        .withAgentNames(agentNames)
        .withExpireAfter(Duration.ofMinutes(expireAfterMinutes))
        .withMaxExtensionDigits(maxExtensionDigits);
  }

  @Override
  public String toString() {
    return Redaction.toString(this);
  }

  JsonObject toJson() {
    JsonArray agents = new JsonArray();
    agentNames.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> agents.add(new JsonObject().put("extension", e.getKey()).put("name", e.getValue())));
    return new JsonObject()
        .put("name", name)
        .put("host", host)
        .put("port", port)
        .put("username", username)
        .put("secret", secret)
        .put("inboundContexts", new JsonArray(inboundContexts))
        .put("internalContexts", new JsonArray(internalContexts))
        .put("dids", new JsonArray(dids))
        .put("agents", agents)
        .put("expireAfterMinutes", expireAfterMinutes)
        .put("reconnectMaxSeconds", reconnectMaxSeconds);
  }
}
