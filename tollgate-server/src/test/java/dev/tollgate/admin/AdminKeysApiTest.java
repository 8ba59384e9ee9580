package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: a real gateway; keys made through the admin API, used with the OpenAI SDK. */
class AdminKeysApiTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(Map<String, String> env) {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElse(admin);
  }

  private void start() {
    start(Map.of());
  }

  private AdminClient.Reply create(String body) throws Exception {
    return http.send("POST", "/admin/v1/keys", admin, body);
  }

  private OpenAIClient sdk(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static ChatCompletionCreateParams hello(String model) {
    return ChatCompletionCreateParams.builder()
        .model(ChatModel.of(model))
        .addUserMessage("Hello")
        .build();
  }

  @Test
  void aKeyCreatedThroughTheAdminApiServesTheOpenAiSdkAndItsOwnerAndTagsReachTheLedger()
      throws Exception {
    start();

    AdminClient.Reply created =
        create(
            "{\"id\":\"checkout\",\"name\":\"Checkout service\",\"user\":\"ana\",\"team\":\"payments\","
                + "\"project\":\"web\",\"service\":\"checkout-api\",\"tags\":[\"prod\",\"eu\"]}");

    assertThat(created.status()).isEqualTo(201);
    String secret = created.json().get("key").asText();
    assertThat(secret).startsWith("tg-");
    assertThat(created.json().get("status").asText()).isEqualTo("active");
    HttpResponseFor<ChatCompletion> reply =
        sdk(secret).chat().completions().withRawResponse().create(hello("gpt-4o-mini"));

    assertThat(reply.statusCode()).isEqualTo(200);
    String requestId = reply.headers().values("x-tollgate-request-id").getFirst();
    UsageEvent mine = gateway.accounting().ledger().event(requestId).orElseThrow();
    assertThat(mine.who().virtualKey()).isEqualTo("checkout");
    assertThat(mine.who().user()).isEqualTo("ana");
    assertThat(mine.who().team()).isEqualTo("payments");
    assertThat(mine.who().project()).isEqualTo("web");
    assertThat(mine.who().service()).isEqualTo("checkout-api");
    assertThat(mine.who().tags()).containsExactlyInAnyOrder("prod", "eu");
    // The secret is shown once: neither inspecting nor listing shows it again.
    AdminClient.Reply shown = http.send("GET", "/admin/v1/keys/checkout", admin, null);
    assertThat(shown.json().has("key")).isFalse();
    assertThat(shown.raw().body()).doesNotContain(secret);
  }

  @Test
  void anExpiredKeyIsA401NamingWhenItExpired() throws Exception {
    start();
    String secret =
        create("{\"id\":\"temp\",\"expires_at\":\"2026-05-01T13:00:00Z\"}")
            .json()
            .get("key")
            .asText();
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);

    clock.advance(Duration.ofHours(1));

    AdminClient.Reply refused = http.chat(secret, "gpt-4o-mini");
    assertThat(refused.status()).isEqualTo(401);
    JsonNode error = refused.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("expired_api_key");
    assertThat(error.get("message").asText())
        .contains("'temp'")
        .contains("expired at 2026-05-01T13:00:00Z");
    assertThat(http.send("GET", "/admin/v1/keys/temp", admin, null).json().get("status").asText())
        .isEqualTo("expired");
    // Anthropic's format for /v1/messages.
    AdminClient.Reply messages =
        http.send(
            "POST",
            "/v1/messages",
            secret,
            "{\"model\":\"claude-3-5-haiku-20241022\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(messages.status()).isEqualTo(401);
    assertThat(messages.json().get("type").asText()).isEqualTo("error");
    assertThat(messages.json().at("/error/type").asText()).isEqualTo("authentication_error");
  }

  @Test
  void aModelOutsideTheKeysListIsA403AndTheModelListShowsOnlyAllowedModels() throws Exception {
    start();
    String secret =
        create("{\"id\":\"mini-only\",\"allowed_models\":[\"gpt-4o-mini\",\"anthropic/*\"]}")
            .json()
            .get("key")
            .asText();
    OpenAIClient client = sdk(secret);

    assertThat(client.chat().completions().create(hello("gpt-4o-mini")).choices()).isNotEmpty();
    assertThatThrownBy(() -> client.chat().completions().create(hello("gpt-4o")))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("may not use the model 'gpt-4o'")
        .hasMessageContaining("gpt-4o-mini, anthropic/*");

    Set<String> listed = new HashSet<>();
    for (Model m : client.models().list().data()) {
      listed.add(m.id());
    }
    assertThat(listed).contains("gpt-4o-mini").doesNotContain("gpt-4o");
    assertThat(listed.stream().filter(id -> id.startsWith("claude"))).isNotEmpty();
    assertThat(listed.stream().filter(id -> id.startsWith("gpt-"))).containsExactly("gpt-4o-mini");
    // Nothing was metered for the refusal.
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    // On /v1/messages the refusal is in Anthropic's shape.
    String gptOnly = create("{\"allowed_models\":[\"gpt-4o-mini\"]}").json().get("key").asText();
    AdminClient.Reply messages =
        http.send(
            "POST",
            "/v1/messages",
            gptOnly,
            "{\"model\":\"claude-3-5-haiku\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(messages.status()).isEqualTo(403);
    assertThat(messages.json().get("type").asText()).isEqualTo("error");
    assertThat(messages.json().at("/error/type").asText()).isEqualTo("permission_error");
    assertThat(messages.json().at("/error/message").asText())
        .contains("may not use the model 'claude-3-5-haiku'");
  }

  @Test
  void rotatingGivesANewSecretAndTheOldOneStopsWorkingAndRevokingStopsTheKey() throws Exception {
    start();
    String first = create("{\"id\":\"svc\"}").json().get("key").asText();

    AdminClient.Reply rotated = http.send("POST", "/admin/v1/keys/svc/rotate", admin, null);

    assertThat(rotated.status()).isEqualTo(200);
    String second = rotated.json().get("key").asText();
    assertThat(second).startsWith("tg-").isNotEqualTo(first);
    assertThatThrownBy(() -> sdk(first).chat().completions().create(hello("gpt-4o-mini")))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(http.chat(second, "gpt-4o-mini").status()).isEqualTo(200);

    AdminClient.Reply revoked = http.send("POST", "/admin/v1/keys/svc/revoke", admin, null);

    assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
    assertThat(http.chat(second, "gpt-4o-mini").status()).isEqualTo(401);
    assertThat(http.send("POST", "/admin/v1/keys/svc/rotate", admin, null).status()).isEqualTo(409);
    // And after a restart too: the change is in the store.
    gateway.close();
    start();
    assertThat(http.chat(second, "gpt-4o-mini").status()).isEqualTo(401);
  }

  @Test
  void theAdminApiIs401WithoutAnAdminKeyOrWithAWrongOneOrAVirtualKey() throws Exception {
    start(Map.of("TOLLGATE_ADMIN_KEY", "operator-master-key-0123456789"));
    String demo = gateway.demoKeySecret().orElseThrow();

    for (String bearer : new String[] {null, "tga-wrong", demo}) {
      AdminClient.Reply r = http.send("GET", "/admin/v1/keys", bearer, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_admin_key");
      assertThat(http.send("POST", "/admin/v1/keys", bearer, "{}").status()).isEqualTo(401);
    }
    assertThat(http.send("GET", "/admin/v1/keys", admin, null).status()).isEqualTo(200);
    assertThat(http.send("GET", "/admin/v1/keys", "operator-master-key-0123456789", null).status())
        .isEqualTo(200);
  }

  @Test
  void badInputIsA400NamingTheFieldAndTheReason() throws Exception {
    start();

    assertThat(create("{\"rpm\":0}").json().at("/error/param").asText()).isEqualTo("rpm");
    assertThat(create("{\"expires_at\":\"tomorrow\"}").json().at("/error/message").asText())
        .startsWith("expires_at: must be an ISO-8601 instant");
    assertThat(
            create("{\"expires_at\":\"2026-04-01T00:00:00Z\"}")
                .json()
                .at("/error/message")
                .asText())
        .isEqualTo("expires_at: must be in the future, got 2026-04-01T00:00:00Z");
    assertThat(
            create("{\"budgets\":[{\"limit_usd\":-1,\"period\":\"daily\"}]}")
                .json()
                .at("/error/param")
                .asText())
        .isEqualTo("budgets[0].limit_usd");
    assertThat(
            create("{\"budgets\":[{\"limit_usd\":1,\"period\":\"fortnightly\"}]}")
                .json()
                .at("/error/param")
                .asText())
        .isEqualTo("budgets[0].period");
    assertThat(create("{\"allowed_models\":[\"*gpt\"]}").json().at("/error/param").asText())
        .isEqualTo("allowed_models[0]");
    assertThat(create("{\"colour\":\"red\"}").json().at("/error/param").asText())
        .isEqualTo("colour");
    assertThat(create("{\"id\":\"has space\"}").status()).isEqualTo(400);
    assertThat(create("not json").json().at("/error/code").asText()).isEqualTo("invalid_json");
    assertThat(create("{\"id\":\"demo\"}").status()).isEqualTo(409);
    assertThat(http.send("GET", "/admin/v1/keys/nope", admin, null).status()).isEqualTo(404);
    assertThat(
            http.send("PATCH", "/admin/v1/keys/demo", admin, "{\"team\":\"x\"}")
                .json()
                .at("/error/message")
                .asText())
        .isEqualTo("team: cannot be changed on an existing key; create a new key instead");
    assertThat(http.send("DELETE", "/admin/v1/keys", admin, null).status()).isEqualTo(405);
    AdminClient.Reply huge = create("{\"name\":\"" + "x".repeat(AdminApi.MAX_BODY) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().at("/error/code").asText()).isEqualTo("request_too_large");
  }

  @Test
  void theListPagesByCursorWithABoundedPageSize() throws Exception {
    start();
    for (int i = 0; i < 5; i++) {
      assertThat(create("{\"id\":\"k" + i + "\"}").status()).isEqualTo(201);
    }
    List<String> seen = new java.util.ArrayList<>();
    String after = "";
    boolean more = true;
    while (more) {
      JsonNode page = http.send("GET", "/admin/v1/keys?limit=2&after=" + after, admin, null).json();
      assertThat(page.get("data").size()).isLessThanOrEqualTo(2);
      page.get("data").forEach(k -> seen.add(k.get("id").asText()));
      more = page.get("has_more").asBoolean();
      after = more ? page.get("next_cursor").asText() : "";
    }
    assertThat(seen).containsExactly("demo", "k0", "k1", "k2", "k3", "k4");
    assertThat(
            http.send("GET", "/admin/v1/keys?limit=500", admin, null)
                .json()
                .at("/error/param")
                .asText())
        .isEqualTo("limit");
  }

  @Test
  void aKeyBudgetDeniesWith402OnceSpentAndHoldsAcrossARestartAndAnUpdate() throws Exception {
    start();
    // A request costs about $0.00001 and reserves about $0.000014 (max_tokens 20).
    AdminClient.Reply made =
        create(
            "{\"id\":\"capped\",\"budgets\":[{\"limit_usd\":\"0.00002\",\"period\":\"daily\"}]}");
    assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
    String secret = made.json().get("key").asText();
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);

    AdminClient.Reply denied = http.chat(secret, "gpt-4o-mini");

    assertThat(denied.status()).isEqualTo(402);
    assertThat(denied.json().at("/error/message").asText()).contains("key-capped-daily");
    assertThat(http.chat(gateway.demoKeySecret().orElseThrow(), "gpt-4o-mini").status())
        .isEqualTo(200);
    // Rebuilt from the ledger at start-up: still spent.
    gateway.close();
    start();
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(402);
    // Raised at runtime: the new limit starts from what the key spent today.
    AdminClient.Reply raised =
        http.send(
            "PATCH",
            "/admin/v1/keys/capped",
            admin,
            "{\"budgets\":[{\"limit_usd\":\"0.00003\",\"period\":\"daily\"}]}");
    assertThat(raised.status()).isEqualTo(200);
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(402);
  }

  @Test
  void theFirstStartWritesBothKeysToAnOwnerOnlyFileAndNoLaterStartDoes() throws Exception {
    start();
    Path file = gateway.initialKeysFile().orElseThrow();
    assertThat(file).isEqualTo(dir.resolve("data").resolve("initial-keys.txt"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String text = Files.readString(file);
    assertThat(text)
        .contains("admin_key=" + gateway.adminKeySecret().orElseThrow())
        .contains("demo_key=" + gateway.demoKeySecret().orElseThrow());
    Files.delete(file);

    gateway.close();
    start();

    assertThat(gateway.adminKeySecret()).isEmpty();
    assertThat(gateway.demoKeySecret()).isEmpty();
    assertThat(gateway.initialKeysFile()).isEmpty();
    assertThat(file).doesNotExist();
  }
}
