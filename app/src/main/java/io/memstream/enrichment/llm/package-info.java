/**
 * The LLM providers: prompt, call, retry, circuit breaker, rate limit, cache, PII redaction, the answer's schema and
 * its parsing.
 */
package io.memstream.enrichment.llm;
