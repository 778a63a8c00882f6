package dev.switchboard.gateway.http;

import dev.switchboard.store.AttachmentInfo;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of the HTTP API, in one place so the README can be checked against them. */
final class TicketJson {
  private TicketJson() {}

  static JsonObject ticket(Ticket t, OffsetDateTime now) {
    JsonObject requester =
        t.requesterId() == null
            ? null
            : new JsonObject().put("email", t.requesterEmail()).put("name", t.requesterName());
    return new JsonObject()
        .put("number", t.number())
        .put("subject", t.subject())
        .put("status", t.status())
        .put("priority", t.priority())
        .put("channel", t.channel())
        .put("requester", requester)
        .put("assignee", t.assignee())
        .put("needsAttention", t.needsAttention())
        .put("attentionReason", t.attentionReason())
        .put("createdAt", time(t.createdAt()))
        .put("updatedAt", time(t.updatedAt()))
        .put("acknowledgedAt", time(t.acknowledgedAt()))
        .put("firstResponseAt", time(t.firstResponseAt()))
        .put("firstResponseDueAt", time(t.firstResponseDueAt()))
        .put("nextResponseDueAt", time(t.nextResponseDueAt()))
        .put("resolvedAt", time(t.resolvedAt()))
        .put("closedAt", time(t.closedAt()))
        .put("followsTicket", t.followsTicketNumber())
        .put("ageSeconds", Duration.between(t.createdAt(), now).toSeconds());
  }

  static JsonObject message(TicketMessage m, List<AttachmentInfo> attachments) {
    JsonArray files = new JsonArray();
    attachments.forEach(
        a ->
            files.add(
                new JsonObject()
                    .put("id", a.id())
                    .put("filename", a.filename())
                    .put("contentType", a.contentType())
                    .put("size", a.size())
                    .put("inline", a.inline())
                    .put("contentId", a.contentId())
                    .put("stored", a.stored())));
    JsonObject from =
        m.fromAddress() == null ? null : new JsonObject().put("address", m.fromAddress()).put("name", m.fromName());
    return new JsonObject()
        .put("id", m.id())
        .put("direction", m.direction())
        .put("kind", m.kind())
        .put("channel", m.channel())
        .put("messageId", m.messageId())
        .put("inReplyTo", m.inReplyTo())
        .put("references", new JsonArray(m.references()))
        .put("from", from)
        .put("to", new JsonArray(m.to()))
        .put("cc", new JsonArray(m.cc()))
        .put("subject", m.subject())
        .put("text", m.bodyText())
        .put("reply", m.replyText())
        .put("html", m.bodyHtml())
        .put("classification", m.classification())
        .put("warnings", new JsonArray(m.warnings()))
        .put("attachments", files)
        .put("createdAt", time(m.createdAt()));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
