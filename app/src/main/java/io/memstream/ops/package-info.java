/** Metrics (Prometheus), health and the HTTP server of {@code /metrics} and {@code /health/*}; log settings. */
package io.memstream.ops;
