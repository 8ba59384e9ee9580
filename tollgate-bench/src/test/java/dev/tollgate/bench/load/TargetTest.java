package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetTest {

  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

  @Test
  void theFirstSseDataEventIsFoundAnywhereInAChunk() {
    assertThat(Target.contains(Buffer.buffer("data: {}\n\n"), DATA)).isTrue();
    assertThat(Target.contains(Buffer.buffer(": ping\n\ndata: {}"), DATA)).isTrue();
    assertThat(Target.contains(Buffer.buffer("event: ping\n\n"), DATA)).isFalse();
    assertThat(Target.contains(Buffer.buffer("dat"), DATA)).isFalse();
  }
}
