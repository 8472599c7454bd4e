/**
 * The enrichment stage: batches in, memories out, without holding a stream thread; the offline enricher (the default)
 * and the service that runs the configured chain.
 */
package io.memstream.enrichment;
