package io.memstream.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this instance together, as Kafka Streams' memory-management
 * guide recommends: one LRU block cache shared by all stores ({@code state.rocksdb.cache.bytes}), a write-buffer
 * manager charging every memtable to that cache ({@code state.rocksdb.write.buffer.bytes} of it at most), and index
 * and filter blocks kept in the cache rather than beside it, so that a store opened per scope-heavy task cannot grow
 * memory without bound.
 *
 * <p>The cache and the manager are shared statics: RocksDB creates one {@code Options} per store, and a cache per
 * store would multiply the bound by the number of stores. They are created once per JVM, from the first store's
 * config; every instance of one app has the same config. They are never closed: they live as long as the JVM.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    /** Fraction of the cache reserved for index and filter blocks, which then are never evicted by data blocks. */
    private static final double INDEX_FILTER_RATIO = 0.1;
    /** Larger than the default 4 KB: prefix scans of a scope read many adjacent small values. */
    private static final long BLOCK_SIZE = 16 * 1024L;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(configs));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBufferManager);
    }

    private static synchronized Cache sharedCache(Map<String, Object> configs) {
        if (cache == null) {
            long total = bytes(configs, MemstreamConfig.STATE_ROCKSDB_CACHE_BYTES, 256L * 1024 * 1024);
            long memtables = bytes(configs, MemstreamConfig.STATE_ROCKSDB_WRITE_BUFFER_BYTES, 64L * 1024 * 1024);
            cache = new LRUCache(total, -1, false, INDEX_FILTER_RATIO);
            writeBufferManager = new WriteBufferManager(memtables, cache);
        }
        return cache;
    }

    private static long bytes(Map<String, Object> configs, String key, long fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.toString());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store: closing them here would break the others.
    }
}
