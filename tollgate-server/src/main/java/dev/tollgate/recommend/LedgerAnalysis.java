package dev.tollgate.recommend;

import dev.tollgate.usage.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The sums over the ledger that the recommendations are made from, each computed by the database in
 * one pass (never the events in memory). Thread-safe.
 */
public interface LedgerAnalysis {

  /**
   * For each provider, model used and virtual key with events in {@code [from, to)}: how many
   * events of any outcome, how many billable ones went through the gateway and were priced exactly
   * ({@code eligible}), and of those the ones whose output (visible, reasoning and audio tokens)
   * was at most {@code shortOutputTokens}, with their usage, cost and extremes.
   */
  List<ModelKeyUsage> usageByModelAndKey(Instant from, Instant to, long shortOutputTokens);

  /**
   * Prompt prefixes sent at least {@code minRepeats} times to one provider and model in {@code
   * [from, to)} by billable, exactly priced requests none of which read or wrote the prompt cache;
   * the {@code limit} with the most prefix tokens sent first.
   *
   * @param warmWithin a request within this long of the previous one with the same prefix counts as
   *     warm: a cache would still have held the prefix
   */
  List<PrefixRepeats> repeatedPrefixes(
      Instant from, Instant to, int minRepeats, Duration warmWithin, int limit);

  /**
   * The virtual keys with billable usage in the rollups of the UTC days that {@code [from, to)}
   * touches: kept however long raw events are.
   */
  Set<String> keysWithUsage(Instant from, Instant to);

  /**
   * The usage of one provider, model and key.
   *
   * @param provider the provider (entry) that served the events
   * @param model the catalog model that served and priced them
   * @param key the virtual key's id
   * @param events events of every outcome, denied and cached included
   * @param eligible billable events that went through the gateway, priced exactly
   * @param shortRequests the eligible ones with a short output
   * @param shortUsage the usage of the short ones, summed by kind
   * @param shortCostNanos what the short ones cost
   * @param maxPromptTokens the longest prompt (every input token) among the short ones
   * @param maxOutputTokens the longest output among the short ones
   */
  record ModelKeyUsage(
      String provider,
      String model,
      String key,
      long events,
      long eligible,
      long shortRequests,
      Usage shortUsage,
      long shortCostNanos,
      long maxPromptTokens,
      long maxOutputTokens) {}

  /**
   * One prompt prefix sent repeatedly to one provider and model without caching.
   *
   * @param fingerprint the prefix's fingerprint
   * @param provider the provider (entry) that served the requests
   * @param model the catalog model
   * @param requests how many requests sent it
   * @param warm how many came within the cache lifetime of the previous one with the prefix
   * @param prefixTokens the prefix's estimated tokens
   * @param keys how many virtual keys sent it
   * @param costNanos what the requests cost in all
   */
  record PrefixRepeats(
      String fingerprint,
      String provider,
      String model,
      long requests,
      long warm,
      long prefixTokens,
      long keys,
      long costNanos) {}
}
