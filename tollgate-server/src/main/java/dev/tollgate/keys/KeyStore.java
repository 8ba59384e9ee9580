package dev.tollgate.keys;

import java.util.List;

/** Where virtual keys and admin keys are kept: tables in the store. */
public interface KeyStore {

  /** Every virtual key, revoked ones included. */
  List<VirtualKey> all();

  /**
   * Adds {@code key}.
   *
   * @throws dev.tollgate.store.StoreException if its id or hash is already taken, or the write
   *     fails
   */
  void insert(VirtualKey key);

  /**
   * Replaces the key with {@code key}'s id by {@code key}: secret, limits and revocation.
   *
   * @throws dev.tollgate.store.StoreException if there is no such key, or the write fails
   */
  void update(VirtualKey key);

  /** Every admin key. */
  List<AdminKey> adminKeys();

  /**
   * Adds {@code key}.
   *
   * @throws dev.tollgate.store.StoreException if its id or hash is taken, or the write fails
   */
  void insertAdmin(AdminKey key);
}
