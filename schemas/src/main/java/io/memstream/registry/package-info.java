/**
 * The schema registry itself, as the Confluent Schema Registry defines it: subjects with numbered versions, global
 * schema ids, a compatibility level per subject (or the global default) checked with Avro's own
 * {@link org.apache.avro.SchemaCompatibility}, soft and permanent deletes, and the registry's error codes. The
 * in-process registry ({@code mock://}) and the laptop stack's REST server are thin layers over it.
 */
package io.memstream.registry;
