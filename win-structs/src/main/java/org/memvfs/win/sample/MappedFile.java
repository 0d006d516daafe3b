package org.memvfs.win.sample;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One file as the memory manager knows it once mapped: its {@code _FILE_OBJECT}, its control area
 * (with the subsection after it in the same pool block), the segment and the prototype-PTE array,
 * and the frames of the pages that are in memory, shared by every process that maps the file.
 */
final class MappedFile {
    private final String path;
    private final boolean image;
    private final int pages;
    private final Map<Integer, Long> frames;
    private final long fileObject;
    private final long controlArea;
    private final long subsection;
    private final long prototypePtes;
    private int views;

    MappedFile(String path, boolean image, int pages, Map<Integer, Long> frames, long fileObject, long controlArea,
            long subsection, long prototypePtes) {
        this.path = path;
        this.image = image;
        this.pages = pages;
        this.frames = Collections.unmodifiableMap(new TreeMap<>(frames));
        this.fileObject = fileObject;
        this.controlArea = controlArea;
        this.subsection = subsection;
        this.prototypePtes = prototypePtes;
    }

    /** The path on its volume, as {@code _FILE_OBJECT.FileName} holds it: {@code \Windows\System32\ntdll.dll}. */
    String path() {
        return path;
    }

    /** The mapping's size in pages (SizeOfImage for images). */
    int pages() {
        return pages;
    }

    long size() {
        return (long) pages * PhysicalPages.PAGE;
    }

    /** The frame of page {@code index} if it is in memory, else -1. */
    long frame(int index) {
        return frames.getOrDefault(index, -1L);
    }

    /** The pages that are in memory, by index. */
    Map<Integer, Long> residentPages() {
        return frames;
    }

    long fileObject() {
        return fileObject;
    }

    long controlArea() {
        return controlArea;
    }

    long subsection() {
        return subsection;
    }

    /** The first prototype PTE ({@code _SUBSECTION.SubsectionBase}); page {@code i}'s is {@code i} entries on. */
    long prototypePtes() {
        return prototypePtes;
    }

    long prototypePte(int index, int pteSize) {
        if (index < 0 || index >= pages) {
            throw new IllegalArgumentException("page " + index + " is outside " + path);
        }
        return prototypePtes + (long) index * pteSize;
    }

    void addView() {
        views++;
    }

    int views() {
        return views;
    }
}
