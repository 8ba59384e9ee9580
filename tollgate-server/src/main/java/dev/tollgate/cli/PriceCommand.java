package dev.tollgate.cli;

import dev.tollgate.catalog.PriceBook;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.money.FxRates;
import dev.tollgate.money.FxRates.Currency;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Cost;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.PriceResult;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tollgate price}: prices a hypothetical usage and prints the breakdown line by line. As in
 * the usage model, {@code --input} counts uncached input tokens only; cached tokens are given
 * apart.
 */
@Command(
    name = "price",
    mixinStandardHelpOptions = true,
    description = {
      "Price a usage line by line: tokens × price = amount for each kind, then the total.",
      "--input counts uncached input tokens only; give cached tokens with --cache-read,",
      "--cache-write (5-minute) and --cache-write-1h."
    })
final class PriceCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConfigOption config;

  @Option(names = "--model", required = true, description = "Model name, e.g. gpt-4o.")
  String model;

  @Option(names = "--input", paramLabel = "N", description = "Uncached input tokens.")
  long input;

  @Option(names = "--output", paramLabel = "N", description = "Output tokens (not reasoning).")
  long output;

  @Option(names = "--cache-read", paramLabel = "N", description = "Tokens read from the cache.")
  long cacheRead;

  @Option(names = "--cache-write", paramLabel = "N", description = "Tokens written, 5-minute TTL.")
  long cacheWrite;

  @Option(names = "--cache-write-1h", paramLabel = "N", description = "Tokens written, 1-hour TTL.")
  long cacheWrite1h;

  @Option(names = "--reasoning", paramLabel = "N", description = "Reasoning output tokens.")
  long reasoning;

  @Option(names = "--input-audio", paramLabel = "N", description = "Audio input tokens.")
  long inputAudio;

  @Option(names = "--output-audio", paramLabel = "N", description = "Audio output tokens.")
  long outputAudio;

  @Option(names = "--images", paramLabel = "N", description = "Images generated.")
  long images;

  @Option(names = "--web-searches", paramLabel = "N", description = "Web searches.")
  long webSearches;

  @Option(names = "--tool-calls", paramLabel = "N", description = "Billable tool calls.")
  long toolCalls;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Price at this instant (ISO-8601, e.g. 2026-09-01T18:00:00Z). Default: now.")
  String at;

  @Option(names = "--batch", description = "Price as a batch request.")
  boolean batch;

  @Option(
      names = "--monthly-spend",
      paramLabel = "USD",
      description = "Spend on this model so far this month, for volume tiers. Default: 0.")
  String monthlySpend = "0";

  @Option(
      names = "--currency",
      paramLabel = "CODE",
      description = "Also show the total in EUR, GBP, JPY or CNY at the configured fx rate.")
  String currency;

  PriceCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TollgateConfig loaded = config.load(context);
    PriceBook book = PriceBook.load(loaded);
    Currency display = displayCurrency(loaded.fx());
    PriceResult result = book.pricer().price(model, usage(), options());
    PrintWriter out = context.out();
    return switch (result) {
      case PriceResult.Priced p -> {
        out.print(p.cost().explain());
        out.println("  (model '" + model + "' matched by " + p.matchedBy() + ")");
        printConverted(out, p.cost(), loaded.fx(), display);
        out.flush();
        yield Errors.OK;
      }
      case PriceResult.Refused r -> throw new CliException(unknown(r.reason(), "refused"));
      case PriceResult.Unpriced u ->
          throw new CliException(unknown(u.reason(), "recorded as unpriced"));
    };
  }

  private String unknown(String reason, String fate) {
    return "no price for model '"
        + model
        + "': "
        + reason
        + "; a request for it would be "
        + fate
        + " (pricing.unknown_model). See 'tollgate models'.";
  }

  private Usage usage() {
    Usage.Builder b = Usage.builder();
    set(b, UsageKind.INPUT, input, "--input");
    set(b, UsageKind.OUTPUT, output, "--output");
    set(b, UsageKind.CACHE_READ, cacheRead, "--cache-read");
    set(b, UsageKind.CACHE_WRITE_5M, cacheWrite, "--cache-write");
    set(b, UsageKind.CACHE_WRITE_1H, cacheWrite1h, "--cache-write-1h");
    set(b, UsageKind.REASONING, reasoning, "--reasoning");
    set(b, UsageKind.INPUT_AUDIO, inputAudio, "--input-audio");
    set(b, UsageKind.OUTPUT_AUDIO, outputAudio, "--output-audio");
    set(b, UsageKind.IMAGES, images, "--images");
    set(b, UsageKind.WEB_SEARCHES, webSearches, "--web-searches");
    set(b, UsageKind.TOOL_CALLS, toolCalls, "--tool-calls");
    return b.build();
  }

  private static void set(Usage.Builder b, UsageKind kind, long count, String option) {
    if (count < 0) {
      throw new CliException(option + ": must not be negative, got " + count);
    }
    b.set(kind, count);
  }

  private PriceOptions options() {
    Instant when;
    try {
      when = at == null ? context.clock().instant() : Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw new CliException(
          "--at: must be an ISO-8601 instant like 2026-09-01T18:00:00Z, got '" + at + "'");
    }
    Money spend;
    try {
      spend = Money.ofUsd(monthlySpend);
    } catch (IllegalArgumentException e) {
      throw new CliException("--monthly-spend: " + e.getMessage());
    }
    PriceOptions options = PriceOptions.at(when).withMonthlySpend(spend);
    return batch ? options.asBatch() : options;
  }

  private Currency displayCurrency(FxRates fx) {
    if (currency == null) {
      return null;
    }
    try {
      Currency code = Currency.parse(currency);
      fx.convert(Money.ZERO, code, 0); // fails now, before any output, if there is no rate
      return code;
    } catch (IllegalArgumentException e) {
      throw new CliException("--currency: " + e.getMessage());
    }
  }

  private static void printConverted(PrintWriter out, Cost cost, FxRates fx, Currency code) {
    if (code != null) {
      int scale = Math.max(6, code.minorDigits());
      out.println("  in " + code + ": " + fx.convert(cost.total(), code, scale).display());
    }
  }
}
