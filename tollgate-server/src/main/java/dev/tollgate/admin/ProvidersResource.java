package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.audit.Audit;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import java.time.Instant;

/**
 * {@code /admin/v1/providers}: the configured provider entries, and the API key stored for one
 * ({@code PUT …/{name}/credentials {"api_key": "…"}}), sealed with AES-GCM. A stored key is never
 * shown again: only whether one is set and its last four characters. The entry's key variable, when
 * set, takes precedence over a stored key.
 */
final class ProvidersResource {

  /** Longer than any provider's key; a body this long is a paste gone wrong. */
  static final int MAX_KEY_LENGTH = 4096;

  private final ProviderCredentials credentials;
  private final TollgateConfig.Providers providers;
  private final java.util.function.Predicate<ProviderEntry> serving;
  private final Audit audit;

  ProvidersResource(
      ProviderCredentials credentials,
      TollgateConfig.Providers providers,
      java.util.function.Predicate<ProviderEntry> serving,
      Audit audit) {
    this.credentials = credentials;
    this.providers = providers;
    this.serving = serving;
    this.audit = audit;
  }

  /**
   * The list (no secret in it, configuration only) is for admin and finance; anything about a
   * stored credential is for admin only.
   */
  void register(AdminRouter router) {
    router
        .get("/providers", Access.READ_ALL, this::list)
        .get("/providers/{name}/credentials", Access.ADMIN_ONLY, this::show)
        .put(
            "/providers/{name}/credentials",
            Access.ADMIN_ONLY,
            AdminRouter.Doc.takes("CredentialPut", null),
            this::put)
        .delete("/providers/{name}/credentials", Access.ADMIN_ONLY, this::delete);
  }

  private AdminResponse list(AdminRequest r) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    var data = body.putArray("data");
    providers.entries().forEach(e -> data.add(render(e)));
    return AdminResponse.ok(body);
  }

  private AdminResponse show(AdminRequest r) {
    return AdminResponse.ok(render(entry(r.param("name"))));
  }

  private AdminResponse put(AdminRequest r) {
    ProviderEntry entry = entry(r.param("name"));
    r.body()
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("api_key")) {
                throw AdminException.invalid(f, "unknown field (allowed: api_key)");
              }
            });
    JsonNode key = r.field("api_key");
    if (key == null || !key.isTextual() || key.asText().isBlank()) {
      throw AdminException.invalid("api_key", "must be the provider's API key, a non-empty string");
    }
    String value = key.asText().strip();
    if (value.length() > MAX_KEY_LENGTH || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      // Said without echoing it: the value may be a real key.
      throw AdminException.invalid(
          "api_key", "must be printable ASCII without spaces, at most " + MAX_KEY_LENGTH + " long");
    }
    ObjectNode before = audited(entry);
    return audit.atomically(
        () -> {
          try {
            credentials.put(entry.name(), value);
          } catch (IllegalStateException e) {
            throw new AdminException(409, "master_key_unset", "api_key", e.getMessage());
          }
          audit.record(
              r.principal().actor(), "credential.put", target(entry), before, audited(entry));
          return AdminResponse.ok(render(entry));
        },
        credentials::reload);
  }

  private AdminResponse delete(AdminRequest r) {
    ProviderEntry entry = entry(r.param("name"));
    ObjectNode before = audited(entry);
    return audit.atomically(
        () -> {
          credentials.delete(entry.name());
          audit.record(
              r.principal().actor(), "credential.delete", target(entry), before, audited(entry));
          return AdminResponse.ok(render(entry));
        },
        credentials::reload);
  }

  private static String target(ProviderEntry e) {
    return "provider:" + e.name();
  }

  /**
   * What the audit log keeps of a stored credential: whether one is set and when it changed, never
   * the key, nor even its last characters.
   */
  private ObjectNode audited(ProviderEntry e) {
    ProviderCredentials.Status s = credentials.status(e.name());
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("provider", e.name());
    o.put("set", s.set()).put("updated_at", s.updated().map(Instant::toString).orElse(null));
    return o;
  }

  private ObjectNode render(ProviderEntry e) {
    ProviderCredentials.Status s = credentials.status(e.name());
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", e.name())
        .put("object", "provider")
        .put("catalog_provider", e.catalogProvider())
        .put("base_url", e.baseUrl().toString())
        .put("api_key_env", e.apiKeyEnv().orElse(null))
        .put("env_key_set", e.apiKey().isPresent())
        .put("serving", serving.test(e));
    ObjectNode c = o.putObject("stored_credential");
    c.put("set", s.set()).put("last4", s.set() ? s.last4() : null);
    c.put("updated_at", s.updated().map(Instant::toString).orElse(null));
    // Which key requests carry: the variable wins over a stored credential.
    o.put(
        "key_in_use",
        e.apiKey().isPresent()
            ? "env"
            : s.set() ? "stored" : e.apiKeyEnv().isEmpty() ? "none_needed" : "none");
    return o;
  }

  private ProviderEntry entry(String name) {
    return providers.entries().stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                AdminException.notFound(
                    "the provider '"
                        + name
                        + "' (configured: "
                        + String.join(
                            ", ", providers.entries().stream().map(ProviderEntry::name).toList())
                        + ")"));
  }
}
