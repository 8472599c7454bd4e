/** A local LLM server speaking the providers' wire formats, for tests and benchmarks: no model endpoint is needed. */
package io.memstream.sim;
