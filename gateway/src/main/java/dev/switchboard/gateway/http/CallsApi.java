package dev.switchboard.gateway.http;

import dev.switchboard.store.Call;
import dev.switchboard.store.CallQuery;
import dev.switchboard.store.CallRepository;
import dev.switchboard.store.ContactPhoneRepository;
import dev.switchboard.store.PhoneAssignment;
import dev.switchboard.telephony.PhoneNumbers;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The phone side of the HTTP API: {@code GET /calls} and {@code POST /contacts/{email}/phones}. */
final class CallsApi {
  private static final Logger log = LoggerFactory.getLogger(CallsApi.class);
  private static final int DEFAULT_LIMIT = 50;

  private CallsApi() {}

  /** {@code GET /calls?disposition=missed&direction=inbound&limit=50&offset=0}: recent calls, newest first. */
  static void list(RoutingContext ctx, Pool pool) {
    CallQuery query;
    try {
      query = new CallQuery(
          lower(ctx.queryParams().get("disposition")), lower(ctx.queryParams().get("direction")),
          Http.intParam(ctx, "limit", DEFAULT_LIMIT), Http.intParam(ctx, "offset", 0));
    } catch (IllegalArgumentException e) {
      Problem.send(ctx, 400, "Bad Request", e.getMessage());
      return;
    }
    CallRepository calls = new CallRepository(pool);
    calls.list(query)
        .compose(list -> calls.count(query).map(total -> {
          JsonArray items = new JsonArray();
          list.forEach(c -> items.add(call(c)));
          return new JsonObject().put("total", total).put("limit", query.limit()).put("offset", query.offset())
              .put("items", items);
        }))
        .onSuccess(body -> Http.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /contacts/{email}/phones} with {@code {"phone": "+49 30 901820"}}: the number now identifies this
   * requester on calls. 201 when added (or merged from an unknown caller), 200 when they had it, 400 for a number that
   * is not a phone number, 404 for an unknown address, 409 when another requester has the number.
   */
  static void addPhone(RoutingContext ctx, Pool pool, PhoneNumbers numbers) {
    String email = ctx.pathParam("email");
    String raw;
    try {
      JsonObject body = ctx.body().asJsonObject();
      raw = body == null ? null : body.getString("phone");
    } catch (DecodeException | ClassCastException e) {
      Problem.send(ctx, 400, "Bad Request", "body must be a JSON object like {\"phone\": \"+49 30 901820\"}");
      return;
    }
    if (raw == null || raw.isBlank()) {
      Problem.send(ctx, 400, "Bad Request", "phone is required, e.g. {\"phone\": \"+49 30 901820\"}");
      return;
    }
    PhoneNumbers.Normalised number = numbers.normalise(raw);
    if (number.e164().isEmpty()) {
      Problem.send(ctx, 400, "Bad Request", "'" + raw + "' is not a phone number that can be called back ("
          + number.kind().name().toLowerCase(Locale.ROOT) + "); write it with its country code, e.g. +49 30 901820");
      return;
    }
    String e164 = number.e164().get();
    pool.withTransaction(tx -> new ContactPhoneRepository(tx).assign(email, e164))
        .onSuccess(a -> {
          switch (a.outcome()) {
            case NO_CONTACT -> Problem.send(ctx, 404, "Not Found", "no contact with address " + email);
            // who has it is not the caller's business: the answer would map numbers to people
            case TAKEN -> Problem.send(ctx, 409, "Conflict", e164 + " already belongs to another contact");
            default -> {
              log.info("contact phone assigned contactId={} outcome={}", a.contact().id(), a.outcome());
              Http.json(ctx, a.outcome() == PhoneAssignment.Outcome.ALREADY_THEIRS ? 200 : 201,
                  new JsonObject()
                      .put("contact", new JsonObject().put("id", a.contact().id()).put("email", a.contact().email())
                          .put("name", a.contact().name()))
                      .put("phone", e164)
                      .put("outcome", a.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-')));
            }
          }
        })
        .onFailure(ctx::fail);
  }

  /** A call as the API shows it, in {@code GET /calls} and as the {@code call} of a ticket's timeline entry. */
  static JsonObject call(Call c) {
    JsonArray transfers = new JsonArray();
    c.transfers().forEach(t -> transfers.add(new JsonObject().put("from", t.from()).put("to", t.to())
        .put("kind", t.kind()).put("at", t.at().toString())));
    JsonObject answeredBy = c.answeredByExtension() == null ? null
        : new JsonObject().put("extension", c.answeredByExtension()).put("name", c.answeredByName());
    JsonObject contact = c.contactId() == null ? null
        : new JsonObject().put("id", c.contactId()).put("email", c.contactEmail()).put("name", c.contactName());
    return new JsonObject()
        .put("id", c.id())
        .put("pbx", c.pbx())
        .put("callId", c.linkedid())
        .put("direction", c.direction())
        .put("disposition", c.disposition())
        .put("caller", new JsonObject().put("number", c.callerNumber()).put("e164", c.callerE164())
            .put("name", c.callerName()))
        .put("dialled", c.dialledNumber())
        .put("answeredBy", answeredBy)
        .put("queue", c.queue())
        .put("transfers", transfers)
        .put("startedAt", time(c.startedAt()))
        .put("answeredAt", time(c.answeredAt()))
        .put("endedAt", time(c.endedAt()))
        .put("ringSeconds", c.ringSeconds())
        .put("talkSeconds", c.talkSeconds())
        .put("voicemailBox", c.voicemailBox())
        .put("expired", c.expired())
        .put("midCall", c.midCall())
        .put("contact", contact)
        .put("ticket", c.ticketNumber());
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String lower(String s) {
    return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
  }
}
