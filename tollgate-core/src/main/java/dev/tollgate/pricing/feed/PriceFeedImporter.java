package dev.tollgate.pricing.feed;

/**
 * Reads the text of one price feed format into Tollgate models. Importers do no I/O: the caller
 * fetches the feed and passes its text, with a name for it (a URL or a file path) that every
 * message uses.
 */
public interface PriceFeedImporter {

  /**
   * Imports a feed. A model that cannot be priced exactly is skipped and listed in {@link
   * ImportResult#skipped()}, never rounded.
   *
   * @param text the feed's text
   * @param source where the feed came from, for messages
   * @throws FeedRejectedException if the text is not JSON, or not of this format at all
   */
  ImportResult read(String text, String source);
}
