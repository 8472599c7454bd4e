package io.memstream.memory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link ScopeView}s of one task, least recently used dropped first once their heap passes
 * {@code memory.index.cache.bytes}. A dropped view is rebuilt from RocksDB on its scope's next record.
 */
final class ScopeCache {

    private final long maxBytes;
    private final LinkedHashMap<String, ScopeView> views = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> accounted = new java.util.HashMap<>();
    private long bytes;

    ScopeCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The scope's view, loaded by {@code loader} when not cached. */
    ScopeView get(String scopeKey, Function<String, ScopeView> loader) {
        ScopeView view = views.get(scopeKey);
        if (view == null) {
            view = loader.apply(scopeKey);
            views.put(scopeKey, view);
            accounted.put(scopeKey, 0L);
            resized(view);
        }
        return view;
    }

    /** The view if cached, without loading it. */
    ScopeView peek(String scopeKey) {
        return views.get(scopeKey);
    }

    /** Re-accounts a view after it changed, and drops least recently used views past the bound (never this one). */
    void resized(ScopeView view) {
        Long before = accounted.get(view.scopeKey());
        if (before == null) {
            return;
        }
        long now = view.bytes();
        accounted.put(view.scopeKey(), now);
        bytes += now - before;
        Iterator<Map.Entry<String, ScopeView>> eldest = views.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, ScopeView> candidate = eldest.next();
            if (candidate.getValue() != view) {
                bytes -= accounted.remove(candidate.getKey());
                eldest.remove();
            }
        }
    }

    void invalidate(String scopeKey) {
        if (views.remove(scopeKey) != null) {
            bytes -= accounted.remove(scopeKey);
        }
    }
}
