package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetHierarchyTest {

  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "checkout", "", List.of("batch"));

  /** Bob shares Alice's project but not her key, user, team or tag. */
  private static final Attribution BOB =
      new Attribution("key-2", "bob", "", "search", "checkout", "", List.of());

  private final FakeClock clock = FakeClock.at("2026-05-13T12:00:00Z");
  private final AtomicInteger serial = new AtomicInteger();

  private static long usd(String amount) {
    return Money.ofUsd(amount).nanos();
  }

  private static BudgetSpec.Builder monthly(String id, Scope scope, String limitUsd) {
    return BudgetSpec.builder(id, scope, Metric.COST, usd(limitUsd), Period.of(Period.Kind.MONTHLY))
        .emergencyReservePercent(0);
  }

  private BudgetEngine engine(BudgetListener listener, BudgetSpec.Builder... specs) {
    return new BudgetEngine(
        List.of(specs).stream().map(BudgetSpec.Builder::build).toList(),
        clock,
        Duration.ofMinutes(10),
        listener);
  }

  private BudgetEngine engine(BudgetSpec.Builder... specs) {
    return engine(BudgetListener.NONE, specs);
  }

  /** $1 of input and up to 1,000 output tokens at $0.01: a worst case of $11. */
  private static Estimate elevenDollars(String provider, String model) {
    return new Estimate(provider, model, 1000, 1000, Money.ofUsd("1"), new BigDecimal("10000000"));
  }

  /** A request whose worst case, and actual cost, is exactly {@code usd}. */
  private static Estimate exactly(String usd) {
    return new Estimate("openai", "gpt-4o", 100, 0, Money.ofUsd(usd), BigDecimal.ZERO);
  }

  private BudgetRequest request(Attribution who, Estimate e) {
    return BudgetRequest.of("r" + serial.incrementAndGet(), who, e);
  }

  private Reservation reserve(BudgetEngine engine, Attribution who, Estimate e) {
    Decision d = engine.reserve(request(who, e));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    return ((Decision.Allow) d).reservation();
  }

  private void spend(BudgetEngine engine, Attribution who, String usd) {
    engine.settle(reserve(engine, who, exactly(usd)), new Actual(Money.ofUsd(usd), 100));
  }

  // --- the hierarchy ----------------------------------------------------------------------------

  private BudgetEngine sixBudgets() {
    // Defined from the narrowest to the widest, so that "the first budget that refuses" and "the
    // tightest budget" are different budgets below.
    return engine(
        monthly("key", Scope.of(Dimension.KEY, "key-1"), "20"),
        monthly("user", Scope.of(Dimension.USER, "alice"), "50"),
        monthly("team", Scope.of(Dimension.TEAM, "payments"), "100"),
        monthly("org", Scope.GLOBAL, "1000"),
        monthly("project", Scope.of(Dimension.PROJECT, "checkout"), "200"),
        monthly("tag", Scope.of(Dimension.TAG, "batch"), "40"));
  }

  @Test
  void aRequestIsChargedToItsKeyUserTeamOrgProjectAndTag() {
    BudgetEngine engine = sixBudgets();
    Reservation r = reserve(engine, ALICE, elevenDollars("openai", "gpt-4o"));
    assertThat(r.budgetIds()).containsExactly("key", "user", "team", "org", "project", "tag");
    for (String id : r.budgetIds()) {
      assertThat(engine.status(id).reserved()).as(id).isEqualTo(usd("11"));
    }
    engine.settle(r, new Actual(Money.ofUsd("2.5"), 1200));
    for (String id : r.budgetIds()) {
      assertThat(engine.status(id).spent()).as(id).isEqualTo(usd("2.5"));
      assertThat(engine.status(id).reserved()).as(id).isZero();
    }
  }

  @Test
  void aRequestWithoutTheTagIsNotChargedToTheTagBudget() {
    BudgetEngine engine = sixBudgets();
    Attribution untagged =
        new Attribution("key-1", "alice", "", "payments", "checkout", "", List.of("other"));
    spend(engine, untagged, "3");
    assertThat(engine.status("tag").spent()).isZero();
    assertThat(engine.status("key").spent()).isEqualTo(usd("3"));
  }

  @Test
  void aDenialNamesTheBudgetWithTheSmallestShareOfItsLimitLeftWithEveryFigure() {
    BudgetEngine engine = sixBudgets();
    spend(engine, ALICE, "15"); // every budget of Alice's: key has $5 of $20 left
    spend(engine, BOB, "178"); // project and org only
    reserve(engine, BOB, exactly("1")); // in flight: project has $6 of $200 left
    // Alice's next $11 fits neither key ($5 of $20 left, 25%) nor project ($6 of $200, 3%).
    // Key is defined first and has less left in dollars; project is the tightest.
    Decision d = engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o")));
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.budgetId()).isEqualTo("project");
              assertThat(deny.scope()).isEqualTo(Scope.of(Dimension.PROJECT, "checkout"));
              assertThat(deny.limit()).isEqualTo(usd("200"));
              assertThat(deny.spent()).isEqualTo(usd("193"));
              assertThat(deny.reserved()).isEqualTo(usd("1"));
              assertThat(deny.remaining()).isEqualTo(usd("6"));
              assertThat(deny.needed()).isEqualTo(usd("11"));
              assertThat(deny.reason())
                  .isEqualTo(
                      "budget project (project:checkout, monthly, hard) cannot cover this"
                          + " request: limit $200.000000, spent $193.000000, reserved $1.000000,"
                          + " remaining $6.000000, this request needs up to $11.000000");
            });
    // Nothing was taken from the four budgets that could have covered it.
    assertThat(engine.status("user").reserved()).isZero();
    assertThat(engine.status("tag").reserved()).isZero();
    assertThat(engine.status("org").reserved()).isEqualTo(usd("1"));
  }

  @Test
  void theDenialMentionsTheEmergencyReserveWhenItIsWhatIsMissing() {
    BudgetEngine engine =
        engine(
            monthly("team", Scope.of(Dimension.TEAM, "payments"), "12")
                .emergencyReservePercent(25));
    Decision d = engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o")));
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.remaining()).isEqualTo(usd("9"));
              assertThat(deny.reason())
                  .contains(
                      "remaining $9.000000 (after the emergency reserve of $3.000000 for critical"
                          + " requests)");
            });
  }

  // --- provider and model scopes ---------------------------------------------------------------

  @Test
  void providerAndModelBudgetsChargeOnlyTheirProviderAndModel() {
    BudgetEngine engine =
        engine(
            monthly("anthropic", Scope.of(Dimension.PROVIDER, "anthropic"), "100"),
            monthly("openai", Scope.of(Dimension.PROVIDER, "openai"), "100"),
            monthly("gpt-4o", Scope.of(Dimension.MODEL, "gpt-4o"), "100"),
            monthly("sonnet", Scope.of(Dimension.MODEL, "claude-sonnet-4"), "100"));
    Reservation r = reserve(engine, ALICE, elevenDollars("openai", "gpt-4o"));
    assertThat(r.budgetIds()).containsExactly("openai", "gpt-4o");
    engine.settle(r, new Actual(Money.ofUsd("4"), 100));
    Reservation s = reserve(engine, ALICE, elevenDollars("anthropic", "claude-sonnet-4"));
    assertThat(s.budgetIds()).containsExactly("anthropic", "sonnet");
    engine.settle(s, new Actual(Money.ofUsd("7"), 100));
    assertThat(engine.status("openai").spent()).isEqualTo(usd("4"));
    assertThat(engine.status("gpt-4o").spent()).isEqualTo(usd("4"));
    assertThat(engine.status("anthropic").spent()).isEqualTo(usd("7"));
    assertThat(engine.status("sonnet").spent()).isEqualTo(usd("7"));
    assertThat(engine.status("anthropic").byProvider()).containsOnlyKeys("anthropic");
  }

  @Test
  void aModelBudgetThatIsSpentDeniesOnlyThatModel() {
    BudgetEngine engine = engine(monthly("gpt-4o", Scope.of(Dimension.MODEL, "gpt-4o"), "10"));
    assertThat(engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o"))))
        .isInstanceOf(Decision.Deny.class);
    assertThat(engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4.1"))))
        .isInstanceOf(Decision.Allow.class);
  }

  // --- per-request rules -----------------------------------------------------------------------

  @Test
  void aBlockedModelIsDeniedEvenWithAnOverrideAndNothingIsReserved() {
    BudgetEngine engine =
        engine(
            monthly("org", Scope.GLOBAL, "1000"),
            monthly("team", Scope.of(Dimension.TEAM, "payments"), "100")
                .blockedModels(Set.of("gpt-4o")));
    BudgetRequest r =
        request(ALICE, elevenDollars("openai", "gpt-4o"))
            .withOverride(new BudgetRequest.Override("admin", "incident 42"));
    assertThat(engine.reserve(r))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.budgetId()).isEqualTo("team");
              assertThat(deny.reason())
                  .isEqualTo(
                      "budget team (team:payments) forbids this request: model gpt-4o is blocked");
            });
    assertThat(engine.status("org").reserved()).isZero();
    assertThat(engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o-mini"))))
        .isInstanceOf(Decision.Allow.class);
  }

  @Test
  void aProviderOutsideTheAllowedOnesIsDenied() {
    BudgetEngine engine =
        engine(
            monthly("team", Scope.of(Dimension.TEAM, "payments"), "100")
                .allowedProviders(Set.of("anthropic")));
    assertThat(engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o"))))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny ->
                assertThat(deny.reason())
                    .endsWith("provider openai is not among the allowed providers [anthropic]"));
    assertThat(engine.reserve(request(ALICE, elevenDollars("anthropic", "claude-sonnet-4"))))
        .isInstanceOf(Decision.Allow.class);
  }

  @Test
  void aRequestThatMayCostMoreThanTheMaxCostPerRequestIsDeniedWhenOutputCappingIsOff() {
    BudgetEngine engine =
        engine(
            monthly("team", Scope.of(Dimension.TEAM, "payments"), "100")
                .maxCostPerRequest(Money.ofUsd("5")));
    assertThat(engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o"))))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.budgetId()).isEqualTo("team");
              assertThat(deny.limit()).isEqualTo(usd("5"));
              assertThat(deny.needed()).isEqualTo(usd("11"));
              assertThat(deny.reason())
                  .isEqualTo(
                      "budget team (team:payments) allows at most $5.000000 per request; this"
                          + " request may cost up to $11.000000");
            });
    assertThat(engine.status("team").reserved()).isZero();
  }

  @Test
  void aRequestThatMayCostMoreThanTheMaxCostPerRequestIsCappedWhenOutputCappingIsOn() {
    BudgetEngine engine =
        engine(
            monthly("team", Scope.of(Dimension.TEAM, "payments"), "100")
                .maxCostPerRequest(Money.ofUsd("5"))
                .capOutput(true));
    // $5 − $1 of input = $4 = 400 output tokens at $0.01.
    assertThat(engine.reserve(request(ALICE, elevenDollars("openai", "gpt-4o"))))
        .isInstanceOfSatisfying(
            Decision.AllowCapped.class, c -> assertThat(c.maxOutputTokens()).isEqualTo(400));
    assertThat(engine.status("team").reserved()).isEqualTo(usd("5"));
  }

  // --- TRACK and SOFT --------------------------------------------------------------------------

  @Test
  void trackAndSoftBudgetsNeverDenyButCountTheSpend() {
    BudgetEngine engine =
        engine(
            monthly("tracked", Scope.of(Dimension.TEAM, "payments"), "10")
                .enforcement(Enforcement.TRACK),
            monthly("soft", Scope.of(Dimension.USER, "alice"), "10").enforcement(Enforcement.SOFT));
    for (int i = 0; i < 3; i++) {
      Reservation r = reserve(engine, ALICE, elevenDollars("openai", "gpt-4o"));
      engine.settle(r, new Actual(Money.ofUsd("11"), 2000));
    }
    for (String id : List.of("tracked", "soft")) {
      BudgetStatus s = engine.status(id);
      assertThat(s.spent()).as(id).isEqualTo(usd("33"));
      assertThat(s.remaining()).as(id).isZero();
      assertThat(s.health()).as(id).isEqualTo(Health.EXCEEDED);
    }
  }

  /** A threshold the listener heard of. */
  record Crossing(String budgetId, Instant periodStart, int percent, long spent) {}

  private static BudgetListener recordingInto(List<Crossing> heard) {
    return new BudgetListener() {
      @Override
      public void thresholdCrossed(BudgetSpec b, Period.Window w, int percent, long spent) {
        heard.add(new Crossing(b.id(), w.start(), percent, spent));
      }
    };
  }

  @Test
  void aSoftBudgetAlertsOncePerThresholdPerPeriodAndAgainInTheNext() {
    List<Crossing> heard = Collections.synchronizedList(new ArrayList<>());
    BudgetEngine engine =
        engine(
            recordingInto(heard),
            monthly("soft", Scope.of(Dimension.TEAM, "payments"), "100")
                .enforcement(Enforcement.SOFT),
            monthly("tracked", Scope.of(Dimension.USER, "alice"), "100")
                .enforcement(Enforcement.TRACK));
    Instant may = Instant.parse("2026-05-01T00:00:00Z");
    spend(engine, ALICE, "49.99");
    assertThat(heard).isEmpty();
    spend(engine, ALICE, "0.01"); // exactly 50%
    assertThat(heard).containsExactly(new Crossing("soft", may, 50, usd("50")));
    spend(engine, ALICE, "30"); // 80%
    spend(engine, ALICE, "25"); // 105%: 90 and 100 in one step, each once
    spend(engine, ALICE, "50"); // 155%: nothing new
    assertThat(heard)
        .extracting(Crossing::percent)
        .as("each threshold once in May; never for the TRACK budget")
        .containsExactly(50, 75, 90, 100);
    assertThat(heard.get(3)).isEqualTo(new Crossing("soft", may, 100, usd("105")));

    clock.set(Instant.parse("2026-06-02T09:00:00Z"));
    heard.clear();
    spend(engine, ALICE, "60");
    assertThat(heard)
        .containsExactly(
            new Crossing("soft", Instant.parse("2026-06-01T00:00:00Z"), 50, usd("60")));
  }

  @Test
  void aSoftBudgetAlertsAtItsOwnThresholds() {
    List<Crossing> heard = new ArrayList<>();
    BudgetEngine engine =
        engine(
            recordingInto(heard),
            monthly("soft", Scope.of(Dimension.TEAM, "payments"), "100")
                .enforcement(Enforcement.SOFT)
                .thresholds(List.of(80, 120)));
    spend(engine, ALICE, "79");
    spend(engine, ALICE, "40");
    spend(engine, ALICE, "1");
    assertThat(heard).extracting(Crossing::percent).containsExactly(80, 120);
    assertThat(heard).extracting(Crossing::spent).containsExactly(usd("119"), usd("120"));
  }

  @Test
  void aRollingSoftBudgetAlertsWhenTheWindowsSpendCrossesAThresholdNotOneHours() {
    List<Crossing> heard = new ArrayList<>();
    BudgetEngine engine =
        engine(
            recordingInto(heard),
            BudgetSpec.builder(
                    "rolling",
                    Scope.of(Dimension.TEAM, "payments"),
                    Metric.COST,
                    usd("100"),
                    Period.rolling(24))
                .enforcement(Enforcement.SOFT));
    spend(engine, ALICE, "30");
    clock.advance(Duration.ofHours(1));
    spend(engine, ALICE, "30"); // $60 in the window, $30 in this hour
    assertThat(heard).extracting(Crossing::percent).containsExactly(50);
    clock.advance(Duration.ofHours(1));
    spend(engine, ALICE, "20"); // $80
    clock.advance(Duration.ofHours(1));
    spend(engine, ALICE, "1"); // $81: nothing new
    assertThat(heard).extracting(Crossing::percent).containsExactly(50, 75);
    assertThat(heard.get(1).spent()).isEqualTo(usd("80"));

    // A day later the window is empty again; the next $50 alerts again.
    clock.advance(Duration.ofHours(24));
    spend(engine, ALICE, "50");
    assertThat(heard).extracting(Crossing::percent).containsExactly(50, 75, 50);
  }
}
