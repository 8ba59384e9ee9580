package dev.tollgate.keys;

import java.util.List;

/** Where virtual keys are kept: a table in the store. */
public interface KeyStore {

  /** Every key, revoked ones included. */
  List<VirtualKey> all();

  /**
   * Adds {@code key}.
   *
   * @throws dev.tollgate.store.StoreException if its id or hash is already taken, or the write
   *     fails
   */
  void insert(VirtualKey key);
}
