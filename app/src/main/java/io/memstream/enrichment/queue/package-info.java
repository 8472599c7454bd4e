/** The durable queue of batches waiting for or in an LLM call, and the dispatcher that bounds calls in flight. */
package io.memstream.enrichment.queue;
