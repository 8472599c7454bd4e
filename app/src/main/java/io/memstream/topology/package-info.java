/**
 * The one function that assembles the graph ({@link io.memstream.topology.MemstreamTopology}) and the names of every
 * processor, store and internal topic ({@link io.memstream.topology.TopologyNames}); stages receive their names from here.
 */
package io.memstream.topology;
