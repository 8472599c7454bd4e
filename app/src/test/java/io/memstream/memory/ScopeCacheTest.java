package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.schemas.EnhancedMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScopeCacheTest {

    private static ScopeView viewWithOneMemory(String scopeKey) {
        ScopeView view = new ScopeView(scopeKey);
        EnhancedMemory memory = MemoryIndexFixture.candidate("u", scopeKey + "#0", "I love sushi.").build();
        memory.setEmbedding(new ArrayList<>(Collections.nCopies(384, 0.05f)));
        view.put(memory);
        return view;
    }

    @Test
    void leastRecentlyUsedScopesAreDroppedOncePastTheBoundButNeverTheOneInUse() {
        long oneView = viewWithOneMemory("a").bytes();
        ScopeCache cache = new ScopeCache(2 * oneView + oneView / 2);
        AtomicInteger loads = new AtomicInteger();
        List<String> loaded = new ArrayList<>();
        java.util.function.Function<String, ScopeView> loader = key -> {
            loads.incrementAndGet();
            loaded.add(key);
            return viewWithOneMemory(key);
        };

        cache.get("a", loader);
        cache.get("b", loader);
        cache.get("a", loader);
        cache.get("c", loader);

        assertThat(cache.peek("b")).as("least recently used").isNull();
        assertThat(cache.peek("a")).isNotNull();
        assertThat(cache.peek("c")).isNotNull();
        cache.get("b", loader);
        assertThat(loaded).containsExactly("a", "b", "c", "b");

        ScopeCache tiny = new ScopeCache(1);
        ScopeView only = tiny.get("z", loader);
        assertThat(tiny.peek("z")).as("the view in use stays, even alone past the bound").isSameAs(only);
    }
}
