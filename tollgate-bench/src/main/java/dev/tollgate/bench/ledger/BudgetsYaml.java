package dev.tollgate.bench.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code tollgate.yaml} with the budgets a company of {@link Population#DEFAULT}'s size might
 * define over the generated ledger, about 2,500 of them, so that the start-up rebuild has real
 * work: global daily and monthly, a monthly budget per team, project and key, a daily one per user,
 * a rolling 24-hour token budget on the 100 busiest keys, weekly ones on 100 tags, daily ones on
 * 200 end users, monthly ones per provider and on 40 models. Every budget is {@code track}, so none
 * would deny: only the counters matter here.
 */
final class BudgetsYaml {

  private BudgetsYaml() {}

  /** Writes the file: the data directory, a port, and the budgets. */
  static void write(Path file, Path dataDir, int port, Population people) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("server:\n  host: 127.0.0.1\n  port: ").append(port).append('\n');
    y.append("storage:\n  data_dir: ").append(dataDir.toAbsolutePath()).append('\n');
    y.append("budgets:\n  define:\n");
    budget(y, "global-day", "global", "daily", "limit_usd: 100000");
    budget(y, "global-month", "global", "monthly", "limit_usd: 1000000");
    Population.Sizes s = Population.DEFAULT;
    for (int i = 0; i < s.teams(); i++) {
      budget(
          y,
          "team-%03d-month".formatted(i),
          "team:team-%03d".formatted(i),
          "monthly",
          "limit_usd: 50000");
    }
    for (int i = 0; i < s.projects(); i++) {
      budget(
          y,
          "project-%03d-month".formatted(i),
          "project:project-%03d".formatted(i),
          "monthly",
          "limit_usd: 20000");
    }
    for (int i = 0; i < s.users(); i++) {
      budget(
          y,
          "user-%03d-day".formatted(i),
          "user:user-%03d".formatted(i),
          "daily",
          "limit_usd: 500");
    }
    for (int i = 0; i < s.keys(); i++) {
      budget(
          y,
          "key-%04d-month".formatted(i),
          "key:key-%04d".formatted(i),
          "monthly",
          "limit_usd: 10000");
    }
    for (int i = 0; i < 100; i++) {
      budget(
          y,
          "key-%04d-24h".formatted(i),
          "key:key-%04d".formatted(i),
          "rolling:24",
          "limit_tokens: 1000000000");
    }
    for (int i = 0; i < 100; i++) {
      budget(
          y,
          "tag-%03d-week".formatted(i),
          "tag:tag-%03d".formatted(i),
          "weekly",
          "limit_usd: 20000");
    }
    for (int i = 0; i < 200; i++) {
      budget(
          y,
          "eu-%05d-day".formatted(i * 250),
          "end_user:eu-%05d".formatted(i * 250),
          "daily",
          "limit_usd: 50");
    }
    List<String> providers =
        people.models().stream().map(m -> m.provider()).distinct().sorted().toList();
    for (String p : providers) {
      budget(y, "provider-" + p + "-month", "provider:" + p, "monthly", "limit_usd: 500000");
    }
    for (int i = 0; i < Math.min(40, people.models().size()); i++) {
      String m = people.models().get(i).id();
      budget(
          y,
          "model-" + m.replaceAll("[^A-Za-z0-9-]", "-") + "-month",
          "model:" + m,
          "monthly",
          "limit_usd: 200000");
    }
    Files.writeString(file, y);
  }

  private static void budget(
      StringBuilder y, String id, String scope, String period, String limit) {
    y.append("    - id: ").append(id).append('\n');
    y.append("      scope: \"").append(scope).append("\"\n");
    y.append("      ").append(limit).append('\n');
    y.append("      period: \"").append(period).append("\"\n");
    y.append("      enforcement: track\n");
  }
}
