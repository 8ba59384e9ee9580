package dev.tollgate.pricing;

import static dev.tollgate.pricing.TestPrices.model;
import static dev.tollgate.pricing.TestPrices.rates;
import static dev.tollgate.pricing.TestPrices.withAliases;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private final Catalog catalog =
      Catalog.of(
          List.of(
              withAliases(
                  model("openai", "gpt-4o", PriceSchedule.always(rates("2.5", "10"))),
                  "chatgpt-4o-latest"),
              model("anthropic", "claude-sonnet-4-5", PriceSchedule.always(rates("3", "15"))),
              model("anthropic", "claude-3-5-sonnet", PriceSchedule.always(rates("3", "15"))),
              model("google", "gemini-1.5-pro", PriceSchedule.always(rates("1.25", "5"))),
              model("groq", "llama-3.3-70b-versatile", PriceSchedule.always(rates("0.59", "0.79"))),
              model("groq", "openai/gpt-oss-20b", PriceSchedule.always(rates("0.075", "0.3"))),
              model("azure", "gpt-4o", PriceSchedule.always(rates("2.75", "11")))),
          Set.of("ollama"));

  private ModelPrice known(String name) {
    Resolution r = catalog.resolve(name);
    assertThat(r).as(name).isInstanceOf(Resolution.Known.class);
    return ((Resolution.Known) r).model();
  }

  @Test
  void anExactIdMatchesCaseInsensitively() {
    assertThat(known("GPT-4o").qualifiedId()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void anAliasMatchesItsModel() {
    assertThat(known("chatgpt-4o-latest").id()).isEqualTo("gpt-4o");
  }

  @Test
  void datedSnapshotsMatchTheirBaseModel() {
    assertThat(known("gpt-4o-2024-08-06").id()).isEqualTo("gpt-4o");
    assertThat(known("claude-sonnet-4-5-20250929").id()).isEqualTo("claude-sonnet-4-5");
    assertThat(known("claude-3-5-sonnet-20241022").id()).isEqualTo("claude-3-5-sonnet");
    assertThat(known("gemini-1.5-pro-002").id()).isEqualTo("gemini-1.5-pro");
    assertThat(known("claude-3-5-sonnet@20240620").id()).isEqualTo("claude-3-5-sonnet");
    assertThat(known("claude-3-5-sonnet-latest").id()).isEqualTo("claude-3-5-sonnet");
  }

  @Test
  void aProviderPrefixLooksTheModelUpWithinThatProvider() {
    assertThat(known("groq/llama-3.3-70b-versatile").provider()).isEqualTo("groq");
    assertThat(known("azure/gpt-4o").provider()).isEqualTo("azure");
    assertThat(known("azure/gpt-4o-2024-08-06").provider()).isEqualTo("azure");
    assertThat(known("groq/openai/gpt-oss-20b").id()).isEqualTo("openai/gpt-oss-20b");
  }

  @Test
  void anIdContainingASlashMatchesExactlyBeforeAnyPrefixRule() {
    assertThat(known("openai/gpt-oss-20b").provider()).isEqualTo("groq");
  }

  @Test
  void aBareIdUnderSeveralProvidersResolvesToTheFirstListed() {
    assertThat(known("gpt-4o").provider()).isEqualTo("openai");
  }

  @Test
  void anyModelOfALocalProviderIsKnownAndFreeOnPurpose() {
    Resolution r = catalog.resolve("ollama/llama3.1:8b");
    assertThat(r).isInstanceOf(Resolution.Known.class);
    Resolution.Known k = (Resolution.Known) r;
    assertThat(k.model().local()).isTrue();
    assertThat(k.matchedBy()).contains("local provider ollama");
  }

  @Test
  void anUnknownModelIsAnExplicitStateNeverAZeroPrice() {
    assertThat(catalog.resolve("gpt-7-ultra"))
        .isInstanceOfSatisfying(
            Resolution.Unknown.class, u -> assertThat(u.reason()).contains("gpt-7-ultra"));
    assertThat(catalog.resolve("groq/gpt-4o")).isInstanceOf(Resolution.Unknown.class);
    assertThat(catalog.resolve("")).isInstanceOf(Resolution.Unknown.class);
  }

  @Test
  void aSnapshotSuffixIsNotStrippedFromAModelThatDoesNotExist() {
    assertThat(catalog.resolve("gpt-5-2025-08-07")).isInstanceOf(Resolution.Unknown.class);
  }

  @Test
  void anOverrideReplacesTheBundledPriceAndANewModelIsAdded() {
    Catalog withOverrides =
        catalog.withOverrides(
            List.of(
                model("openai", "gpt-4o", PriceSchedule.always(rates("2", "8"))),
                model("acme", "ft:gpt-4o:acme", PriceSchedule.always(rates("3.75", "15")))));
    ModelPrice gpt = ((Resolution.Known) withOverrides.resolve("gpt-4o")).model();
    assertThat(gpt.scheduleAt(java.time.Instant.EPOCH).rates()).isEqualTo(rates("2", "8"));
    assertThat(withOverrides.resolve("ft:gpt-4o:acme")).isInstanceOf(Resolution.Known.class);
    assertThat(withOverrides.models()).hasSize(catalog.models().size() + 1);
  }

  @Test
  void anOverrideThatStatesNoCapabilitiesKeepsTheBundledOnes() {
    ModelPrice bundled =
        model("openai", "gpt-4o", PriceSchedule.always(rates("2.5", "10")))
            .withCapabilities(java.util.Set.of(Capability.TOOLS, Capability.VISION));
    Catalog base = Catalog.of(List.of(bundled), java.util.Set.of());

    Catalog overridden =
        base.withOverrides(
            List.of(model("openai", "gpt-4o", PriceSchedule.always(rates("2", "8")))));

    ModelPrice gpt = ((Resolution.Known) overridden.resolve("gpt-4o")).model();
    assertThat(gpt.capabilities()).containsExactly(Capability.TOOLS, Capability.VISION);
    assertThat(gpt.scheduleAt(java.time.Instant.EPOCH).rates()).isEqualTo(rates("2", "8"));
  }
}
