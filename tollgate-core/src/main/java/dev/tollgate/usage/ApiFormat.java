package dev.tollgate.usage;

/**
 * The wire formats whose usage Tollgate can read. Providers that copy a format are read as that
 * format: DeepSeek and Groq answer in {@link #OPENAI_CHAT}, with extra fields of their own.
 */
public enum ApiFormat {
  /** OpenAI's {@code /v1/chat/completions}, and the providers that copy it. */
  OPENAI_CHAT("OpenAI chat", "usage"),
  /** OpenAI's {@code /v1/responses}. */
  OPENAI_RESPONSES("OpenAI responses", "usage"),
  /** Anthropic's {@code /v1/messages}. */
  ANTHROPIC_MESSAGES("Anthropic messages", "usage"),
  /** Google's {@code generateContent}, on the Gemini API and on Vertex AI. */
  GEMINI("Gemini", "usageMetadata");

  private final String label;
  private final String usageField;

  ApiFormat(String label, String usageField) {
    this.label = label;
    this.usageField = usageField;
  }

  /** A short human name, as printed at the start of a {@link UsageFormatException}'s message. */
  public String label() {
    return label;
  }

  /** The top-level field of a response body that holds the usage object. */
  public String usageField() {
    return usageField;
  }
}
