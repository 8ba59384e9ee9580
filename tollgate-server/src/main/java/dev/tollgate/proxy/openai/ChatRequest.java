package dev.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;

/**
 * The fields of a chat-completions request that the gateway reads; the rest of the body goes
 * upstream untouched.
 *
 * @param body the whole body, which the gateway edits only to cap the output or change the model
 * @param model the model asked for
 * @param messages the messages, for the input estimate
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, if given
 * @param maxTokensField which of the two was given ({@code max_tokens} if neither)
 * @param stream whether a stream was asked for
 * @param user the end user the client named, or ""
 */
public record ChatRequest(
    ObjectNode body,
    String model,
    JsonNode messages,
    OptionalLong maxTokens,
    String maxTokensField,
    boolean stream,
    String user) {}
