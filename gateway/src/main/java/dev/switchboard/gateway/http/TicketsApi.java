package dev.switchboard.gateway.http;

import dev.switchboard.gateway.Addresses;
import dev.switchboard.gateway.agent.CommandParser;
import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.sla.TicketTimers;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code PATCH /tickets/{number}}: status, priority and assignee, the same change a coordinator makes by mail, with
 * the same audit events and status-update mail. The actor in the audit trail is {@code token:<name>}.
 */
final class TicketsApi {
  private static final Set<String> FIELDS = Set.of("status", "priority", "assignee", "needsAttention", "holdUntil");
  private static final Pattern ASSIGNEE = Pattern.compile("[^\\p{Cntrl}]{1,100}");

  private TicketsApi() {}

  static void patch(RoutingContext ctx, Vertx vertx, Pool pool, TicketDesk desk) {
    Long number = Http.ticketNumber(ctx);
    if (number == null) {
      return;
    }
    TicketDesk.Change change;
    boolean clearAttention;
    try {
      JsonObject body = ctx.body().asJsonObject();
      clearAttention = clearsAttention(body);
      change = change(body, desk.options().statuses(), desk.options().priorities());
    } catch (DecodeException | ClassCastException e) {
      Problem.send(ctx, 400, "Bad Request", "the body must be a JSON object like {\"status\": \"waiting\"}");
      return;
    } catch (IllegalArgumentException e) {
      Problem.send(ctx, 400, "Bad Request", e.getMessage());
      return;
    }
    String actor = ApiAuthentication.actor(ctx);
    pool.withTransaction(
            tx ->
                new TicketRepository(tx)
                    .findByNumber(number)
                    .compose(
                        ticket ->
                            ticket == null
                                ? Future.<TicketDesk.Changed>succeededFuture()
                                : clearAttention(tx, ticket, clearAttention, actor)
                                    .compose(v -> desk.mailboxOf(tx, ticket))
                                    .compose(mailbox -> desk.change(tx, ticket.id(), change, actor, mailbox))))
        .onSuccess(
            changed -> {
              if (changed == null) {
                Problem.send(ctx, 404, "Not Found", "no ticket " + number);
                return;
              }
              if (changed.mailQueued()) {
                vertx.eventBus().publish(Addresses.OUTBOX_ENQUEUED, changed.after().mailboxId());
              }
              JsonObject body =
                  TicketJson.ticket(changed.after(), OffsetDateTime.now(ZoneOffset.UTC))
                      .put("statusUpdateQueued", changed.mailQueued());
              Http.json(ctx, 200, body);
            })
        .onFailure(ctx::fail);
  }

  /** {@code "needsAttention": false} clears the flag; true is refused (the gateway flags, people clear). */
  static boolean clearsAttention(JsonObject body) {
    if (body == null || !body.containsKey("needsAttention")) {
      return false;
    }
    if (!Boolean.FALSE.equals(body.getValue("needsAttention"))) {
      throw new IllegalArgumentException("needsAttention can only be cleared: give false");
    }
    return true;
  }

  private static Future<Void> clearAttention(SqlClient tx, Ticket ticket, boolean clear, String actor) {
    if (!clear || !ticket.needsAttention()) {
      return Future.succeededFuture();
    }
    return new TicketRepository(tx).clearAttention(ticket.id())
        .compose(v -> new TicketEventRepository(tx).append(ticket.id(), actor, "attention-cleared",
            new JsonObject().put("reason", ticket.attentionReason())));
  }

  /** Reads and checks the body; throws IllegalArgumentException with a message for the client. */
  static TicketDesk.Change change(JsonObject body, List<String> statuses, List<String> priorities) {
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object like {\"status\": \"waiting\"}");
    }
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "'; known: status, priority, assignee, needsAttention, holdUntil");
      }
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException("nothing to change: give status, priority, assignee or needsAttention");
    }
    String status = value(body, "status", statuses);
    String priority = value(body, "priority", priorities);
    boolean assigneeGiven = body.containsKey("assignee");
    String assignee = null;
    if (assigneeGiven && body.getValue("assignee") != null) {
      if (!(body.getValue("assignee") instanceof String s)) {
        throw new IllegalArgumentException("assignee must be a string, or null to unassign");
      }
      assignee = s.strip().isEmpty() ? null : s.strip();
      if (assignee != null && !ASSIGNEE.matcher(assignee).matches()) {
        throw new IllegalArgumentException("assignee must be at most 100 characters without control characters");
      }
    }
    LocalDate holdUntil = null;
    if (body.getValue("holdUntil") != null) {
      if (!TicketTimers.ON_HOLD.equals(status)) {
        throw new IllegalArgumentException("holdUntil goes with \"status\": \"on hold\"");
      }
      try {
        holdUntil = LocalDate.parse(String.valueOf(body.getValue("holdUntil")).strip());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("holdUntil must be a date like 2026-12-10");
      }
    }
    return new TicketDesk.Change(status, priority, assigneeGiven, assignee, holdUntil);
  }

  private static String value(JsonObject body, String field, List<String> allowed) {
    if (!body.containsKey(field)) {
      return null;
    }
    Object v = body.getValue(field);
    String matched = v instanceof String s ? CommandParser.match(s, allowed) : null;
    if (matched == null) {
      throw new IllegalArgumentException(field + " must be one of " + allowed + ", was " + v);
    }
    return matched;
  }
}
