/**
 * Importing public price feeds into Tollgate models, without I/O: the caller fetches a feed and
 * passes its text and its source.
 *
 * <p>{@link dev.tollgate.pricing.feed.FeedFormat#importAny} detects the format (genai-prices v2 or
 * LiteLLM) and imports it; every number is read exactly and a model that cannot be priced in whole
 * nano-dollars is skipped and reported, never rounded. {@link
 * dev.tollgate.pricing.feed.CatalogDiff} shows what the feed would change, and {@link
 * dev.tollgate.pricing.feed.FeedPolicy} refuses a feed that is unreadable, empty, or would remove
 * more than 10% of the current models.
 */
package dev.tollgate.pricing.feed;
