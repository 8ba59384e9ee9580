package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.audit.Audit;
import dev.tollgate.audit.AuditChain;
import dev.tollgate.audit.AuditEntry;
import java.io.IOException;

/**
 * {@code /admin/v1/audit}: the audit log by cursor ({@code ?after=<seq>}), oldest first, and {@code
 * /audit/verify}, which walks the hash chain. Admin and finance: the log spans every team.
 */
final class AuditResource {

  private final Audit audit;

  AuditResource(Audit audit) {
    this.audit = audit;
  }

  void register(AdminRouter router) {
    router
        .list("/audit", Access.READ_ALL, "AuditEntry", this::list)
        .get(
            "/audit/verify",
            Access.READ_ALL,
            AdminRouter.Doc.answers("AuditVerification"),
            this::verify);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    long after = 0;
    String cursor = Pages.after(r.query()).orElse("0");
    try {
      after = Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      after = -1;
    }
    if (after < 0) {
      throw AdminException.invalid("after", "must be the seq of a row, a whole number");
    }
    return AdminResponse.ok(
        Pages.of(
            audit.page(after, limit + 1),
            limit,
            AuditResource::render,
            e -> Long.toString(e.seq())));
  }

  private AdminResponse verify(AdminRequest r) {
    AuditChain.Verification v = audit.verify();
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("ok", v.ok()).put("rows", v.rows());
    o.put("last_hash", v.lastHash());
    v.broken().ifPresent(b -> o.putObject("broken").put("seq", b.seq()).put("reason", b.reason()));
    return AdminResponse.ok(o);
  }

  private static ObjectNode render(AuditEntry e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("seq", e.seq())
        .put("object", "audit_entry")
        .put("at", e.at())
        .put("actor", e.actor())
        .put("role", e.role())
        .put("remote", e.remote())
        .put("action", e.action())
        .put("target", e.target());
    o.set("before", json(e.before()));
    o.set("after", json(e.after()));
    o.put("prev_hash", e.prevHash()).put("hash", e.hash());
    return o;
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return AdminApi.JSON.readTree(text);
    } catch (IOException e) {
      // A row edited into something that is not JSON: show it as it is, verify will flag it.
      return JsonNodeFactory.instance.textNode(text);
    }
  }
}
