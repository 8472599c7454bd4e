/** Dead-letter records: the failed record as it came, with the reason, stage and source position in headers. */
package io.memstream.errors;
