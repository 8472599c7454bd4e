/** The labelled evaluation set, its scorer and the {@code eval} command (docs/evaluation.md). */
package io.memstream.evaluation;
