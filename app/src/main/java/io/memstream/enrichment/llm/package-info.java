/** The LLM providers: prompt, call, retry, circuit breaker, rate limit, cache, PII redaction, answer parsing. */
package io.memstream.enrichment.llm;
