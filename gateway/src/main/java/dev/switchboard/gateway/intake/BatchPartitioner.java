package dev.switchboard.gateway.intake;

import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.ParsedEmail;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a batch of mails into groups that can be processed in concurrent transactions without changing any outcome.
 * Two mails land in the same group when they could affect each other: one names the other's Message-ID (a reply
 * arriving with its parent), they share a Message-ID (a duplicate), they come from the same requester (the
 * acknowledgment rate limit counts per sender) or they name the same ticket by tag or per-ticket reply address.
 * Within a group the original order is kept. Pure.
 */
final class BatchPartitioner {
  private static final Pattern REPLY_ADDRESS = Pattern.compile("\\+t(\\d{1,18})-[0-9a-fA-F]+@");
  private final SubjectTag subjectTag;

  BatchPartitioner(SubjectTag subjectTag) {
    this.subjectTag = subjectTag;
  }

  /** At most {@code maxGroups} groups, each in arrival order, the largest first. */
  List<List<PreparedMail>> partition(List<PreparedMail> mails, int maxGroups) {
    int n = mails.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    Map<String, Integer> firstOwner = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (String key : keys(mails.get(i).parsed())) {
        Integer other = firstOwner.putIfAbsent(key, i);
        if (other != null) {
          union(parent, i, other);
        }
      }
    }
    Map<Integer, List<PreparedMail>> components = new HashMap<>();
    for (int i = 0; i < n; i++) {
      components.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(mails.get(i));
    }
    List<List<PreparedMail>> sorted = new ArrayList<>(components.values());
    sorted.sort(Comparator.comparingInt((List<PreparedMail> c) -> c.size()).reversed());
    // greedy: each component to the currently smallest group
    List<List<PreparedMail>> groups = new ArrayList<>();
    for (List<PreparedMail> component : sorted) {
      if (groups.size() < maxGroups) {
        groups.add(new ArrayList<>(component));
        continue;
      }
      groups.stream().min(Comparator.comparingInt(List::size)).orElseThrow().addAll(component);
    }
    // mails of merged components were appended; restore arrival order inside each group
    Map<PreparedMail, Integer> order = new IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      order.put(mails.get(i), i);
    }
    groups.forEach(g -> g.sort(Comparator.comparingInt(order::get)));
    return groups;
  }

  private List<String> keys(ParsedEmail mail) {
    List<String> keys = new ArrayList<>();
    if (mail.messageId() != null) {
      keys.add("id:" + mail.messageId());
    }
    if (mail.inReplyTo() != null) {
      keys.add("id:" + mail.inReplyTo());
    }
    mail.references().forEach(r -> keys.add("id:" + r));
    if (mail.bounce() != null && mail.bounce().originalMessageId() != null) {
      keys.add("id:" + mail.bounce().originalMessageId());
    }
    EmailAddress requester = MailDecisions.requester(mail);
    if (requester != null) {
      keys.add("from:" + requester.normalized());
    }
    if (mail.from() != null) {
      keys.add("from:" + mail.from().normalized());
    }
    OptionalLong tag = subjectTag.find(mail.subject());
    tag.ifPresent(t -> keys.add("tag:" + t));
    // a reply address (support+t1042-<mac>@...) names its ticket; whether the mac holds does not matter for grouping
    for (EmailAddress a : mail.to()) {
      replyAddressTicket(a.address()).ifPresent(t -> keys.add("tag:" + t));
    }
    for (EmailAddress a : mail.cc()) {
      replyAddressTicket(a.address()).ifPresent(t -> keys.add("tag:" + t));
    }
    for (String header : List.of("Delivered-To", "X-Original-To")) {
      mail.headerValues(header).forEach(v -> replyAddressTicket(v).ifPresent(t -> keys.add("tag:" + t)));
    }
    return keys;
  }

  private static OptionalLong replyAddressTicket(String address) {
    Matcher m = REPLY_ADDRESS.matcher(address);
    if (!m.find()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group(1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
