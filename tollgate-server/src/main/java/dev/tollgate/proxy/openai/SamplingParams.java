package dev.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import java.util.function.BinaryOperator;

/**
 * Checks the sampling parameters of a chat request against the types and ranges the provider
 * documents, so that a wrong value is the gateway's own 400 naming the field, before anything is
 * reserved, instead of a provider's error after. Absent and null parameters are left to the
 * provider's defaults. OpenAI: {@code n} 1–128 (it multiplies the output, see {@link #choices}),
 * {@code temperature} 0–2, {@code top_p} 0–1, the penalties −2–2, {@code seed} an integer, {@code
 * logprobs} a boolean, {@code top_logprobs} 0–20, {@code stop} a string or up to 4 strings.
 * Anthropic: {@code temperature} and {@code top_p} 0–1, {@code top_k} a non-negative integer,
 * {@code stop_sequences} strings.
 */
public final class SamplingParams {

  /** OpenAI's largest {@code n}. */
  public static final int MAX_CHOICES = 128;

  private SamplingParams() {}

  /**
   * Checks an OpenAI chat body.
   *
   * @throws ProxyException 400 naming the field
   */
  public static void checkOpenAi(ObjectNode body) {
    BinaryOperator<String> says = (field, rule) -> "'" + field + "' must be " + rule + ".";
    integer(body, "n", 1, MAX_CHOICES, says);
    number(body, "temperature", 0, 2, says);
    number(body, "top_p", 0, 1, says);
    number(body, "presence_penalty", -2, 2, says);
    number(body, "frequency_penalty", -2, 2, says);
    integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE, says);
    integer(body, "top_logprobs", 0, 20, says);
    JsonNode logprobs = body.get("logprobs");
    if (present(logprobs) && !logprobs.isBoolean()) {
      throw ProxyException.badRequest("logprobs", says.apply("logprobs", "a boolean"));
    }
    JsonNode stop = body.get("stop");
    if (present(stop) && !stop.isTextual() && !(strings(stop) && stop.size() <= 4)) {
      throw ProxyException.badRequest("stop", says.apply("stop", "a string or up to 4 strings"));
    }
  }

  /**
   * Checks an Anthropic Messages body.
   *
   * @throws ProxyException 400 naming the field
   */
  public static void checkAnthropic(ObjectNode body) {
    BinaryOperator<String> says = (field, rule) -> field + ": must be " + rule + ".";
    number(body, "temperature", 0, 1, says);
    number(body, "top_p", 0, 1, says);
    integer(body, "top_k", 0, Long.MAX_VALUE, says);
    JsonNode stop = body.get("stop_sequences");
    if (present(stop) && !strings(stop)) {
      throw ProxyException.badRequest(
          "stop_sequences", says.apply("stop_sequences", "a list of strings"));
    }
  }

  /** How many choices an OpenAI chat body asks for: its {@code n}, 1 when absent. */
  public static long choices(JsonNode body) {
    JsonNode n = body.get("n");
    return present(n) && n.canConvertToLong() ? Math.max(1, n.longValue()) : 1;
  }

  private static void integer(
      ObjectNode body, String field, long min, long max, BinaryOperator<String> says) {
    JsonNode v = body.get(field);
    if (present(v)
        && (!v.isIntegralNumber()
            || !v.canConvertToLong()
            || v.longValue() < min
            || v.longValue() > max)) {
      String rule =
          min == Long.MIN_VALUE
              ? "an integer"
              : max == Long.MAX_VALUE
                  ? "an integer of at least " + min
                  : "an integer from " + min + " to " + max;
      throw ProxyException.badRequest(field, says.apply(field, rule) + " Got " + v + ".");
    }
  }

  private static void number(
      ObjectNode body, String field, double min, double max, BinaryOperator<String> says) {
    JsonNode v = body.get(field);
    // These are dimensionless sampling knobs, not money: a double compares them exactly enough.
    if (present(v) && (!v.isNumber() || v.doubleValue() < min || v.doubleValue() > max)) {
      String rule = "a number from " + plain(min) + " to " + plain(max);
      throw ProxyException.badRequest(field, says.apply(field, rule) + " Got " + v + ".");
    }
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean strings(JsonNode node) {
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode s : node) {
      if (!s.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }
}
