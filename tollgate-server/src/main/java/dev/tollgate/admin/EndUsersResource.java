package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.audit.Audit;
import dev.tollgate.reports.UsageReports;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Data rights of an end user (the {@code user} a client names): {@code GET
 * /admin/v1/end-users/{id}/export} streams every event recorded about them as a JSON array; {@code
 * DELETE /admin/v1/end-users/{id}} replaces their identity everywhere with a random token ({@code
 * anon-…}, the same in every row of this deletion, derived from nothing), keeping the amounts, so
 * every report's totals stay the same.
 */
final class EndUsersResource {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final UsageReports reports;
  private final Audit audit;

  EndUsersResource(UsageReports reports, Audit audit) {
    this.reports = reports;
    this.audit = audit;
  }

  void register(AdminRouter router) {
    router
        .get("/end-users/{id}/export", Access.READ_ALL, this::export)
        .delete("/end-users/{id}", Access.ADMIN_ONLY, this::anonymise);
  }

  private AdminResponse export(AdminRequest r) {
    String endUser = id(r);
    return AdminResponse.streamed(
        "application/json",
        out ->
            ExportFormat.jsonArray(
                out, sink -> reports.exportEndUser(endUser, e -> sink.accept(EventRow.json(e)))));
  }

  private AdminResponse anonymise(AdminRequest r) {
    String endUser = id(r);
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    String token = "anon-" + HexFormat.of().formatHex(random);
    // Not in one transaction with its audit row (Audit.atomically): the ledger has its own
    // connection and writer, so this change is made durable first and recorded right after. The
    // log never shows a change that did not happen; a failure in between loses that one row.
    long events = reports.anonymiseEndUser(endUser, token);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("end_user", endUser);
    body.put("anonymised_as", token);
    body.put("events", events);
    // The log names the token and the count, never the identity that was erased.
    ObjectNode logged = JsonNodeFactory.instance.objectNode();
    logged.put("anonymised_as", token).put("events", events);
    audit.record(r.principal().actor(), "end_user.anonymise", "end_user:" + token, null, logged);
    return AdminResponse.ok(body);
  }

  private static String id(AdminRequest r) {
    String id = r.param("id");
    if (id.isBlank() || id.startsWith("anon-")) {
      throw AdminException.invalid("id", "must name an end user (not blank, not an anon- token)");
    }
    return id;
  }
}
