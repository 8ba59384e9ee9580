package dev.tollgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.testkit.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  /** The log in a list; tests edit it as an attacker with the file would. */
  private static final class ListStore implements AuditStore {
    final List<AuditEntry> rows = new ArrayList<>();

    @Override
    public Optional<AuditEntry> last() {
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getLast());
    }

    @Override
    public void append(AuditEntry entry) {
      rows.add(entry);
    }

    @Override
    public List<AuditEntry> page(long afterSeq, int limit) {
      return rows.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public <T> T atomically(java.util.function.Supplier<T> change, Runnable afterRollback) {
      // These tests only chain rows; atomicity is SqliteAuditStore's (AuditAtomicityTest).
      return change.get();
    }
  }

  private final ListStore store = new ListStore();
  private final Audit audit = new Audit(store, FakeClock.at("2026-05-01T12:00:00Z"));
  private final Audit.Actor actor = new Audit.Actor("master", "admin", "127.0.0.1");

  private void write(int n) {
    for (int i = 1; i <= n; i++) {
      audit.record(
          actor,
          "key.update",
          "key:k" + i,
          JsonNodeFactory.instance.objectNode().put("rpm", i),
          JsonNodeFactory.instance.objectNode().put("rpm", i + 1));
    }
  }

  private static AuditEntry withAfter(AuditEntry e, String after) {
    return new AuditEntry(
        e.seq(),
        e.at(),
        e.actor(),
        e.role(),
        e.remote(),
        e.action(),
        e.target(),
        e.before(),
        after,
        e.prevHash(),
        e.hash());
  }

  @Test
  void anUntouchedChainVerifiesAcrossBatches() {
    write(AuditChain.BATCH + 3);

    AuditChain.Verification v = audit.verify();

    assertThat(v.ok()).isTrue();
    assertThat(v.rows()).isEqualTo(AuditChain.BATCH + 3);
    assertThat(v.lastHash()).isEqualTo(store.rows.getLast().hash());
    assertThat(store.rows.getFirst().prevHash()).isEqualTo(AuditChain.GENESIS);
  }

  @Test
  void anEditedRowIsNamed() {
    write(5);
    store.rows.set(2, withAfter(store.rows.get(2), "{\"rpm\":1000}"));

    AuditChain.Verification v = audit.verify();

    assertThat(v.broken())
        .contains(
            new AuditChain.Broken(3, "its content does not match its hash: the row was changed"));
    assertThat(v.rows()).isEqualTo(2);
  }

  @Test
  void aRowRehashedAfterEditingBreaksTheNextLink() {
    write(5);
    AuditEntry e = store.rows.get(2);
    String forged =
        AuditChain.hash(
            e.seq(),
            e.at(),
            e.actor(),
            e.role(),
            e.remote(),
            e.action(),
            e.target(),
            e.before(),
            "{}",
            e.prevHash());
    store.rows.set(
        2,
        new AuditEntry(
            e.seq(),
            e.at(),
            e.actor(),
            e.role(),
            e.remote(),
            e.action(),
            e.target(),
            e.before(),
            "{}",
            e.prevHash(),
            forged));

    assertThat(audit.verify().broken().orElseThrow().seq()).isEqualTo(4);
  }

  @Test
  void aDeletedRowIsFound() {
    write(5);
    store.rows.remove(1);

    assertThat(audit.verify().broken())
        .contains(new AuditChain.Broken(3, "expected row 2 next: rows are missing"));
  }

  @Test
  void theEncodingSeparatesFieldsUnambiguously() {
    String a = AuditChain.hash(1, "t", "ab", "c", "r", "x", "y", null, "{}", AuditChain.GENESIS);
    String b = AuditChain.hash(1, "t", "a", "bc", "r", "x", "y", null, "{}", AuditChain.GENESIS);
    String c = AuditChain.hash(1, "t", "ab", "c", "r", "x", "y", "", "{}", AuditChain.GENESIS);

    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
  }
}
