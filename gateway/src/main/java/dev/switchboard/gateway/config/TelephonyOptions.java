package dev.switchboard.gateway.config;

import dev.switchboard.telephony.PhoneNumbers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Phone intake: the PBXs to listen to, how numbers are read, and what a call does to tickets.
 *
 * @param defaultRegion ISO 3166 region for numbers written without a country code ({@code DE}, {@code US}); required
 *     when a PBX is configured, else null (then numbers given to the API must start with {@code +})
 * @param maxExtensionDigits all-digit numbers up to this length are internal extensions, not phone numbers
 * @param voicemailSenders From addresses of the PBX's voicemail mails ({@code serveremail} in voicemail.conf); only
 *     mail from these is filed as a voicemail, lower-cased
 * @param backlog finished calls waiting for the database: in memory, then spilled to a spool file
 */
public record TelephonyOptions(
    String defaultRegion,
    int maxExtensionDigits,
    CallTicketOptions tickets,
    List<String> voicemailSenders,
    List<PbxOptions> pbxs,
    CallBacklogOptions backlog) {

  public static final int DEFAULT_MAX_EXTENSION_DIGITS = 6;
  public static final TelephonyOptions DISABLED =
      new TelephonyOptions(null, DEFAULT_MAX_EXTENSION_DIGITS, CallTicketOptions.DEFAULTS, List.of(), List.of(),
          CallBacklogOptions.DEFAULTS);

  public TelephonyOptions {
    voicemailSenders = voicemailSenders.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    pbxs = List.copyOf(pbxs);
    Objects.requireNonNull(backlog, "backlog");
  }

  /** Reads the {@code telephony} section; {@code mailboxes} are the configured ones it may refer to. */
  static TelephonyOptions from(ConfigNode n, List<MailboxOptions> mailboxes) {
    String region = n.string("defaultRegion", null);
    int extensionDigits = n.integer("maxExtensionDigits", DEFAULT_MAX_EXTENSION_DIGITS, 1, 10);
    if (region != null) {
      try {
        new PhoneNumbers(region, extensionDigits);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.key("defaultRegion"), "must be an ISO 3166 region code such as DE or US, was "
            + n.shown("defaultRegion", region));
      }
      region = region.strip().toUpperCase(Locale.ROOT);
    }
    CallTicketOptions tickets = CallTicketOptions.from(
        n.child("tickets"), mailboxes.stream().map(MailboxOptions::name).collect(Collectors.toSet()));
    ConfigNode voicemail = n.child("voicemail");
    List<String> senders = voicemail.strings("senders");
    voicemail.finish();
    CallBacklogOptions backlog = CallBacklogOptions.from(n.child("backlog"));
    List<PbxOptions> pbxs = n.objects("pbxs", p -> PbxOptions.from(p, extensionDigits));
    n.finish();
    if (!pbxs.isEmpty() && region == null) {
      throw new ConfigException(n.key("defaultRegion"), "is required when PBXs are configured (numbers without a "
          + "country code are read in this region)");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < pbxs.size(); i++) {
      if (!names.add(pbxs.get(i).name())) {
        throw new ConfigException(n.key("pbxs[" + i + "].name"), "duplicate PBX name '" + pbxs.get(i).name() + "'");
      }
    }
    return new TelephonyOptions(region, extensionDigits, tickets, senders, pbxs, backlog);
  }

  /** Numbers as this installation reads them; without a default region only international ({@code +}) numbers. */
  public PhoneNumbers phoneNumbers() {
    return new PhoneNumbers(defaultRegion == null ? "US" : defaultRegion, maxExtensionDigits);
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    pbxs.forEach(p -> list.add(p.toJson()));
    return new JsonObject()
        .put("defaultRegion", defaultRegion)
        .put("maxExtensionDigits", maxExtensionDigits)
        .put("tickets", tickets.toJson())
        .put("voicemail", new JsonObject().put("senders", new JsonArray(voicemailSenders)))
        .put("pbxs", list)
        .put("backlog", backlog.toJson());
  }
}
