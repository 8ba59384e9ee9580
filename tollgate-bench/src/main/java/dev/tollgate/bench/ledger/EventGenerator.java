package dev.tollgate.bench.ledger;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.PriceResult;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * {@code n} usage events of {@link Population} over {@code [from, to)}, oldest first, one hour at a
 * time, as the gateway would append them: more on working hours and weekdays, a slow growth over
 * the range, random UUID request ids, the provider's usage JSON kept verbatim, costs priced exactly
 * by the bundled catalog, and a few denied, failed, cancelled and cached requests. The same seed
 * gives the same events.
 *
 * <p>No amount of money passes through a {@code double} here: the doubles only shape the synthetic
 * traffic (how many events an hour gets, which key, model and end user a draw picks, token counts
 * and latencies before they are rounded to whole numbers). Every cost is priced from the whole
 * token counts by the catalog's {@link Pricer}, in exact nano-dollars, as the gateway prices them;
 * the estimate is derived from it in integers. Changing the shape to integers would change the
 * generated ledger, and with it the figures docs/BENCHMARKS.md gives for seed 42.
 */
final class EventGenerator {

  private static final long HOUR_MS = 3_600_000L;
  private static final double[] END_USER_WEIGHTS =
      Zipf.cumulative(Population.END_USERS_PER_KEY, 0.9);

  private final Population population;
  private final Pricer pricer;
  private final SplittableRandom random;
  private final long firstHour;
  private final long[] perHour;
  private int hour;

  EventGenerator(
      Population population, Pricer pricer, long seed, Instant from, Instant to, long n) {
    this.population = population;
    this.pricer = pricer;
    this.random = new SplittableRandom(seed);
    this.firstHour = Math.floorDiv(from.toEpochMilli(), HOUR_MS) * HOUR_MS;
    int hours = (int) ((to.toEpochMilli() - firstHour + HOUR_MS - 1) / HOUR_MS);
    this.perHour = spread(n, firstHour, hours);
  }

  /** How many events each hour gets: {@code n} in all, by a daily and weekly shape. */
  private static long[] spread(long n, long firstHour, int hours) {
    double[] weight = new double[hours];
    double sum = 0;
    for (int h = 0; h < hours; h++) {
      var t = Instant.ofEpochMilli(firstHour + h * HOUR_MS).atOffset(ZoneOffset.UTC);
      int hourOfDay = t.getHour();
      double day = hourOfDay >= 6 && hourOfDay < 21 ? Math.sin(Math.PI * (hourOfDay - 6) / 15) : 0;
      boolean weekend =
          t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY;
      double growth = 1 + 0.3 * h / hours;
      weight[h] = (0.2 + day) * (weekend ? 0.45 : 1) * growth;
      sum += weight[h];
    }
    long[] counts = new long[hours];
    double cumulative = 0;
    long given = 0;
    for (int h = 0; h < hours; h++) {
      cumulative += weight[h];
      long upTo = h == hours - 1 ? n : Math.round(n * (cumulative / sum));
      counts[h] = upTo - given;
      given = upTo;
    }
    return counts;
  }

  /**
   * Adds the next hour's events to {@code out}, in time order.
   *
   * @return false when every hour has been given
   */
  boolean nextHour(List<UsageEvent> out) {
    if (hour >= perHour.length) {
      return false;
    }
    long start = firstHour + hour * HOUR_MS;
    int count = (int) perHour[hour++];
    long[] offsets = new long[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = random.nextLong(HOUR_MS);
    }
    Arrays.sort(offsets);
    for (long offset : offsets) {
      out.add(event(Instant.ofEpochMilli(start + offset)));
    }
    return true;
  }

  private UsageEvent event(Instant time) {
    Population.Key key = population.key(random);
    ModelPrice model = population.models().get(key.models()[Zipf.draw(random, key.modelWeights())]);
    String endUser = "";
    if (key.endUserBase() >= 0 && random.nextInt(10) < 9) {
      int eu = (key.endUserBase() + Zipf.draw(random, END_USER_WEIGHTS)) % population.endUsers();
      endUser = "eu-%05d".formatted(eu);
    }
    List<String> tags = key.tags();
    if (random.nextInt(20) == 0) {
      tags = new ArrayList<>(tags);
      tags.add(Population.REQUEST_TAGS.get(random.nextInt(Population.REQUEST_TAGS.size())));
    }
    Attribution who =
        new Attribution(
            key.id(), key.user(), endUser, key.team(), key.project(), key.service(), tags);
    int roll = random.nextInt(1_000);
    UsageEvent.Outcome outcome =
        roll < 10
            ? UsageEvent.Outcome.DENIED
            : roll < 25
                ? UsageEvent.Outcome.ERROR
                : roll < 30
                    ? UsageEvent.Outcome.CANCELLED
                    : roll < 35 ? UsageEvent.Outcome.CACHE_HIT : UsageEvent.Outcome.SUCCESS;
    Usage usage = usage(model, outcome);
    Money cost = price(model, usage, time);
    Money estimate = Money.ofNanos(cost.nanos() + cost.nanos() / 2 + 1_000);
    boolean charged =
        outcome == UsageEvent.Outcome.SUCCESS || outcome == UsageEvent.Outcome.CANCELLED;
    boolean fallback = random.nextInt(200) == 0;
    return new UsageEvent(
        uuid(),
        time,
        who,
        model.provider(),
        model.id(),
        model.id(),
        charged ? usage : Usage.NONE,
        estimate,
        charged ? cost : Money.ZERO,
        outcome == UsageEvent.Outcome.CANCELLED
            ? UsageEvent.CostState.ESTIMATED
            : UsageEvent.CostState.EXACT,
        (long) Math.exp(6.7 + 0.8 * random.nextGaussian()),
        outcome,
        fallback ? "gpt-4o" : "",
        fallback ? "upstream 503" : "",
        UsageEvent.Origin.GATEWAY,
        outcome == UsageEvent.Outcome.CACHE_HIT ? cost : Money.ZERO,
        // No prompt fingerprints: the reports do not read them (the recommendations do).
        dev.tollgate.ledger.PromptPrefix.NONE);
  }

  private Usage usage(ModelPrice model, UsageEvent.Outcome outcome) {
    long prompt = logNormal(900, 1.2, 120_000);
    long output =
        outcome == UsageEvent.Outcome.CANCELLED
            ? logNormal(40, 1, 2_000)
            : logNormal(220, 1, 8_000);
    long cached = random.nextInt(100) < 35 ? prompt * (20 + random.nextInt(75)) / 100 : 0;
    boolean anthropic = model.provider().equals("anthropic");
    long written = anthropic && random.nextInt(100) < 8 ? (prompt - cached) / 2 : 0;
    long reasoning = reasons(model.id()) ? logNormal(400, 1, 30_000) : 0;
    Usage.Builder b =
        Usage.builder()
            .set(UsageKind.INPUT, prompt - cached - written)
            .set(UsageKind.CACHE_READ, cached)
            .set(UsageKind.CACHE_WRITE_5M, written)
            .set(UsageKind.OUTPUT, output)
            .set(UsageKind.REASONING, reasoning);
    return b.raw(RawUsage.json(anthropic, prompt, cached, written, output, reasoning)).build();
  }

  private static boolean reasons(String model) {
    return model.startsWith("o") || model.startsWith("gpt-5") || model.contains("reason");
  }

  private long logNormal(double median, double sigma, long max) {
    long v = Math.round(median * Math.exp(sigma * random.nextGaussian()));
    return Math.max(1, Math.min(max, v));
  }

  private Money price(ModelPrice model, Usage usage, Instant at) {
    PriceResult r = pricer.price(model.id(), usage, PriceOptions.at(at));
    if (r instanceof PriceResult.Priced p) {
      return p.cost().total();
    }
    throw new IllegalStateException("the bundled catalog cannot price " + model.id() + ": " + r);
  }

  private String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }
}
