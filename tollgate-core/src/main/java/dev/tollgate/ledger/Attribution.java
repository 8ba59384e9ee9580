package dev.tollgate.ledger;

import java.util.List;
import java.util.Objects;

/**
 * Who a request is attributed to. Empty strings mean "not known"; tags are kept sorted and distinct
 * so that two attributions with the same tags are equal.
 *
 * @param virtualKey the virtual key's id (never its secret)
 * @param user the key's owner
 * @param endUser the end user named by the client (OpenAI {@code user}, Anthropic {@code
 *     metadata.user_id})
 * @param team the owning team
 * @param project the owning project
 * @param service the calling service
 * @param tags free-form tags
 */
public record Attribution(
    String virtualKey,
    String user,
    String endUser,
    String team,
    String project,
    String service,
    List<String> tags) {

  /** Nobody in particular. */
  public static final Attribution NONE = new Attribution("", "", "", "", "", "", List.of());

  public Attribution {
    virtualKey = Objects.requireNonNullElse(virtualKey, "");
    user = Objects.requireNonNullElse(user, "");
    endUser = Objects.requireNonNullElse(endUser, "");
    team = Objects.requireNonNullElse(team, "");
    project = Objects.requireNonNullElse(project, "");
    service = Objects.requireNonNullElse(service, "");
    // Most requests carry no tag: skip the stream (it was half the cost of authenticating a
    // request in the saturation profile, docs/BENCHMARKS.md).
    tags =
        tags == null || tags.isEmpty()
            ? List.of()
            : tags.stream().filter(t -> !t.isBlank()).distinct().sorted().toList();
  }
}
