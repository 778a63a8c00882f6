package dev.switchboard.gateway.config;

import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.NotificationPolicy;
import dev.switchboard.parser.EmailAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The coordinators (agents) of one mailbox: mail from them is an action on a ticket, not a request.
 *
 * @param addresses coordinator addresses, lower-cased
 * @param domains every address in these domains is a coordinator (exact domain, not its subdomains), lower-cased
 * @param trustedAuthservIds authserv-ids of our own receiving server(s), whose topmost {@code Authentication-Results}
 *     header is believed; empty means only per-ticket reply addresses authenticate a coordinator
 * @param showAgentName relayed replies say "Alice Smith via Example IT" instead of the mailbox's name; the
 *     coordinator's address is never shown
 * @param notifyAddresses ({@code notify}) where coordinators known only by {@code domains} get ticket notifications, lower-cased; the
 *     {@code addresses} get them too
 * @param notifyEvents the events every coordinator is told about unless {@code notifyOverrides} says otherwise
 * @param notifyOverrides per coordinator address, the events that coordinator is told about instead
 */
public record AgentOptions(
    List<String> addresses, List<String> domains, List<String> trustedAuthservIds, boolean showAgentName,
    List<String> notifyAddresses, Set<NotificationEvent> notifyEvents,
    Map<String, Set<NotificationEvent>> notifyOverrides) {
  public static final AgentOptions NONE =
      new AgentOptions(List.of(), List.of(), List.of(), false, List.of(), NotificationEvent.DEFAULTS, Map.of());
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  public AgentOptions {
    addresses = List.copyOf(addresses);
    domains = List.copyOf(domains);
    trustedAuthservIds = List.copyOf(trustedAuthservIds);
    notifyAddresses = List.copyOf(notifyAddresses);
    notifyEvents = Set.copyOf(notifyEvents);
    notifyOverrides = Map.copyOf(notifyOverrides);
  }

  public AgentOptions(
      List<String> addresses, List<String> domains, List<String> trustedAuthservIds, boolean showAgentName) {
    this(addresses, domains, trustedAuthservIds, showAgentName, List.of(), NotificationEvent.DEFAULTS, Map.of());
  }

  static AgentOptions from(ConfigNode n) {
    List<String> addresses = n.strings("addresses").stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    for (String a : addresses) {
      if (!ADDRESS.matcher(a).matches()) {
        throw new ConfigException(n.key("addresses"), "'" + a + "' is not an email address");
      }
    }
    List<String> domains =
        n.strings("domains").stream().map(d -> d.strip().toLowerCase(Locale.ROOT).replaceFirst("^@", "")).toList();
    for (String d : domains) {
      if (!DOMAIN.matcher(d).matches() || !d.contains(".")) {
        throw new ConfigException(n.key("domains"), "'" + d + "' is not a domain name like example.com");
      }
    }
    List<String> trusted = n.strings("trustedAuthservIds").stream().map(String::strip).toList();
    List<String> notify = n.strings("notify").stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    for (String a : notify) {
      if (!ADDRESS.matcher(a).matches()) {
        throw new ConfigException(n.key("notify"), "'" + a + "' is not an email address");
      }
      // their replies to a notification must count as a coordinator's, not a stranger's
      if (!addresses.contains(a) && !domains.contains(a.substring(a.lastIndexOf('@') + 1))) {
        throw new ConfigException(n.key("notify"), "'" + a + "' is not a coordinator: list it in addresses or its"
            + " domain in domains");
      }
    }
    Set<NotificationEvent> events =
        n.has("notifyEvents") ? events(n, "notifyEvents", n.strings("notifyEvents")) : NotificationEvent.DEFAULTS;
    Map<String, Set<NotificationEvent>> overrides = new LinkedHashMap<>();
    n.objects("notifyOverrides", o -> {
      String address = o.requiredString("address").strip().toLowerCase(Locale.ROOT);
      if (!ADDRESS.matcher(address).matches()) {
        throw new ConfigException(o.key("address"), "'" + address + "' is not an email address");
      }
      return Map.entry(address, events(o, "events", o.strings("events")));
    }).forEach(e -> overrides.put(e.getKey(), e.getValue()));
    AgentOptions o = new AgentOptions(addresses, domains, trusted, n.bool("showAgentName", false), notify, events,
        overrides);
    n.finish();
    return o;
  }

  private static Set<NotificationEvent> events(ConfigNode n, String key, List<String> names) {
    Set<NotificationEvent> out = new LinkedHashSet<>();
    for (String name : names) {
      out.add(NotificationEvent.fromWire(name).orElseThrow(() -> new ConfigException(n.key(key), "'" + name
          + "' is not an event; known: " + String.join(", ",
              Arrays.stream(NotificationEvent.values()).map(NotificationEvent::wireName).toList()))));
    }
    return out;
  }

  /** Who is notified about the mailbox's tickets: the {@code addresses}, then the {@code notify} list, each once. */
  public List<NotificationPolicy.Coordinator> notificationRecipients() {
    Set<String> all = new LinkedHashSet<>(addresses);
    all.addAll(notifyAddresses);
    List<NotificationPolicy.Coordinator> out = new ArrayList<>();
    for (String a : all) {
      out.add(new NotificationPolicy.Coordinator(a, notifyOverrides.getOrDefault(a, notifyEvents)));
    }
    return out;
  }

  public boolean any() {
    return !addresses.isEmpty() || !domains.isEmpty();
  }

  /** Whether this sender is a coordinator of the mailbox. */
  public boolean isAgent(EmailAddress sender) {
    return sender != null && (addresses.contains(sender.normalized()) || domains.contains(sender.domain()));
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("addresses", new JsonArray(addresses))
        .put("domains", new JsonArray(domains))
        .put("trustedAuthservIds", new JsonArray(trustedAuthservIds))
        .put("showAgentName", showAgentName)
        .put("notify", new JsonArray(notifyAddresses))
        .put("notifyEvents", new JsonArray(wire(notifyEvents)))
        .put("notifyOverrides", new JsonArray(notifyOverrides.entrySet().stream()
            .map(e -> new JsonObject().put("address", e.getKey()).put("events", new JsonArray(wire(e.getValue()))))
            .toList()));
  }

  private static List<String> wire(Set<NotificationEvent> events) {
    return events.stream().sorted().map(NotificationEvent::wireName).toList();
  }
}
