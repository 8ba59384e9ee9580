package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.audit.Audit;
import dev.tollgate.keys.AdminRole;
import dev.tollgate.keys.AdminToken;
import dev.tollgate.keys.AdminTokens;
import dev.tollgate.keys.VirtualKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * {@code /admin/v1/tokens}, admin only: create a scoped admin token (its secret is in that answer
 * and nowhere else), list by cursor, inspect, revoke. A revoked token stops working at once.
 */
final class TokensResource {

  private static final Set<String> CREATE_FIELDS = ApiSchemas.TOKEN_CREATE.names();

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AdminTokens tokens;
  private final Audit audit;

  TokensResource(AdminTokens tokens, Audit audit) {
    this.tokens = tokens;
    this.audit = audit;
  }

  void register(AdminRouter router) {
    router
        .post(
            "/tokens",
            Access.ADMIN_ONLY,
            AdminRouter.Doc.takes("TokenCreate", "TokenIssued"),
            this::create)
        .list("/tokens", Access.ADMIN_ONLY, "Token", this::list)
        .get("/tokens/{id}", Access.ADMIN_ONLY, AdminRouter.Doc.answers("Token"), this::show)
        .post(
            "/tokens/{id}/revoke",
            Access.ADMIN_ONLY,
            AdminRouter.Doc.answers("Token"),
            this::revoke);
  }

  private AdminResponse create(AdminRequest r) {
    r.body()
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!CREATE_FIELDS.contains(f)) {
                throw AdminException.invalid(f, "unknown field (allowed: id, name, role, team)");
              }
            });
    String id = text(r, "id");
    if (id.isEmpty()) {
      byte[] b = new byte[6];
      RANDOM.nextBytes(b);
      id = "tok-" + HexFormat.of().formatHex(b);
    } else if (!VirtualKeys.ID.matcher(id).matches()) {
      throw AdminException.invalid(
          "id",
          "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    String roleName = text(r, "role");
    AdminRole role =
        AdminRole.parse(roleName)
            .orElseThrow(
                () ->
                    AdminException.invalid("role", "must be one of admin, finance, team-manager"));
    String team = text(r, "team");
    if (role == AdminRole.TEAM_MANAGER && team.isEmpty()) {
      throw AdminException.invalid("team", "a team-manager token needs the team it manages");
    }
    if (role != AdminRole.TEAM_MANAGER && !team.isEmpty()) {
      throw AdminException.invalid("team", "only a team-manager token has a team");
    }
    if (tokens.byId(id).isPresent()) {
      throw new AdminException(409, "token_exists", "id", "id: a token '" + id + "' exists");
    }
    String name = text(r, "name");
    String tokenId = id;
    return audit.atomically(
        () -> {
          AdminTokens.Issued issued = tokens.create(tokenId, name, role, team);
          ObjectNode body = render(issued.token());
          audit.record(
              r.principal().actor(),
              "token.create",
              "token:" + tokenId,
              null,
              body.deepCopy().put("secret", "issued"));
          body.put("token", issued.secret());
          return AdminResponse.created(body);
        },
        tokens::reload);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    return AdminResponse.ok(
        Pages.of(
            tokens.page(Pages.after(r.query()), limit + 1),
            limit,
            TokensResource::render,
            AdminToken::id));
  }

  private AdminResponse show(AdminRequest r) {
    return AdminResponse.ok(render(find(r)));
  }

  private AdminResponse revoke(AdminRequest r) {
    AdminToken before = find(r);
    return audit.atomically(
        () -> {
          AdminToken after = tokens.revoke(before.id()).orElseThrow();
          audit.record(
              r.principal().actor(),
              "token.revoke",
              "token:" + before.id(),
              render(before),
              render(after));
          return AdminResponse.ok(render(after));
        },
        tokens::reload);
  }

  private AdminToken find(AdminRequest r) {
    String id = r.param("id");
    return tokens.byId(id).orElseThrow(() -> AdminException.notFound("the token '" + id + "'"));
  }

  private static String text(AdminRequest r, String field) {
    JsonNode v = r.field(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw AdminException.invalid(field, "must be a string");
    }
    if (v.asText().length() > 200) {
      throw AdminException.invalid(field, "must be at most 200 characters");
    }
    return v.asText().strip();
  }

  static ObjectNode render(AdminToken t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", t.id())
        .put("object", "admin_token")
        .put("name", t.name())
        .put("role", t.role().wire())
        .put("team", t.team().isEmpty() ? null : t.team())
        .put("prefix", t.prefix())
        .put("created_at", t.created().toString())
        .put("revoked_at", t.revoked().map(Instant::toString).orElse(null));
    return o;
  }
}
