package dev.tollgate.keys;

import java.util.List;

/** Where admin tokens are kept. */
public interface AdminTokenStore {

  /** Every token, revoked ones included, by id. */
  List<AdminToken> all();

  /**
   * Adds {@code token}.
   *
   * @throws dev.tollgate.store.StoreException if its id or hash is taken, or the write fails
   */
  void insert(AdminToken token);

  /**
   * Marks the token with {@code token}'s id revoked at {@code token.revoked()}.
   *
   * @throws dev.tollgate.store.StoreException if the write fails
   */
  void revoke(AdminToken token);
}
