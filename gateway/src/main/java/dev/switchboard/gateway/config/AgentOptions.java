package dev.switchboard.gateway.config;

import dev.switchboard.parser.EmailAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
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
 */
public record AgentOptions(
    List<String> addresses, List<String> domains, List<String> trustedAuthservIds, boolean showAgentName) {
  public static final AgentOptions NONE = new AgentOptions(List.of(), List.of(), List.of(), false);
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  public AgentOptions {
    addresses = List.copyOf(addresses);
    domains = List.copyOf(domains);
    trustedAuthservIds = List.copyOf(trustedAuthservIds);
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
    AgentOptions o = new AgentOptions(addresses, domains, trusted, n.bool("showAgentName", false));
    n.finish();
    return o;
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
        .put("showAgentName", showAgentName);
  }
}
