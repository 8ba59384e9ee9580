package dev.tollgate.credentials;

import java.util.List;

/** Where sealed provider credentials are kept: a table in the store. Never plaintext. */
public interface CredentialStore {

  /** Every stored credential. */
  List<Sealed> all();

  /**
   * Stores {@code sealed}, replacing the provider's earlier one.
   *
   * @throws dev.tollgate.store.StoreException if the write fails
   */
  void put(Sealed sealed);

  /**
   * Removes the provider's credential.
   *
   * @return whether there was one
   */
  boolean delete(String provider);
}
