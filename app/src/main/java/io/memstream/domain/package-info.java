/**
 * What every stage agrees on: the enricher contract ({@link io.memstream.domain.Enricher}), memory ids and fields,
 * and date resolution with its precision. Depends on the Avro contracts only.
 */
package io.memstream.domain;
