package org.memvfs.vfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A directory of named entries, each made when first looked up; names keep the order they were added in. */
final class EntriesDirectory implements Directory {
    private final Map<String, Supplier<? extends Node>> entries = new LinkedHashMap<>();

    EntriesDirectory add(String name, Supplier<? extends Node> node) {
        entries.putIfAbsent(name, node);
        return this;
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public Node child(String name) {
        Supplier<? extends Node> node = entries.get(name);
        return node == null ? null : node.get();
    }
}
