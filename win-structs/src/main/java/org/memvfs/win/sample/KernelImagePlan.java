package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Where ntoskrnl's sections and variables lie in the sample's image. When the profile knows a
 * symbol's RVA (the builds whose symbol tables come with the GUID of one kernel), the variable is
 * placed exactly there, so that a parser using RVAs finds it; the sections are then cut around the
 * known symbols: runs of code symbols become code sections ({@code .text} for non-paged code,
 * {@code PAGE} for the pageable object-manager routines), runs of
 * data symbols data sections (the run holding PsActiveProcessHead is {@code .data}). Variables the
 * profile does not place go into one more data section after them, and the image ends with
 * {@code POOLCODE}, {@code KVASCODE} (x64), {@code .edata} (exports, then the debug directory) and
 * {@code INIT} (the entry point). Without any known RVA, code symbols take invented RVAs in the
 * shape of a Windows 7 kernel and every variable goes to the {@code .data} section after them.
 */
final class KernelImagePlan {
    static final int PAGE = PhysicalPages.PAGE;
    /** Functions whose RVAs some profiles list; every other listed symbol is a variable. */
    static final Set<String> CODE_SYMBOLS = Set.of("KiSystemCall64", "KdCopyDataBlock",
            "ObpCaptureHandleInformationEx", "ObpEnumFindHandleProcedure");
    /** Invented code RVAs for profiles that list none (the Windows 7 kernel's order of magnitude). */
    private static final Map<String, Integer> INVENTED_CODE = Map.of(
            "KiSystemCall64", 0x000A_1B40, "KdCopyDataBlock", 0x000D_BD50, "ObpCaptureHandleInformationEx", 0x0021_1990);
    /** The object manager's handle routines are pageable: they live in PAGE, the rest of the code symbols in .text. */
    private static final Set<String> PAGED_CODE_SYMBOLS = Set.of("ObpCaptureHandleInformationEx", "ObpEnumFindHandleProcedure");
    private static final String[] CODE_SECTION_NAMES = {".text", "PAGELK", "KDATA"};
    private static final String[] PAGED_CODE_SECTION_NAMES = {"PAGE", "PAGEVRFY", "PAGEKD", "PAGEHDLS"};
    private static final String[] DATA_SECTION_NAMES = {".rdata", "ALMOSTRO", "PAGEDATA", "CACHEALI", "PAGEVRFD"};
    private static final int VARIABLE_ALIGNMENT = 0x10;
    private static final int DATA_KIND = 0;
    private static final int CODE_KIND = 1;
    private static final int PAGED_CODE_KIND = 2;
    private static final int EDATA_PAGES = 2;

    private final List<PeImage.Section> sections = new ArrayList<>();
    private final Map<String, Integer> rvas = new TreeMap<>();
    private final Set<String> fromProfile;
    private int entryRva;
    private int exportRva;
    private int debugRva;
    private int poolCodeRva;
    private int kvasCodeRva = -1;
    private int sizeOfImage;

    private KernelImagePlan(Set<String> fromProfile) {
        this.fromProfile = fromProfile;
    }

    /**
     * Plans the image for {@code profile}: {@code variables} are the variables the sample writes,
     * with their sizes in bytes, in the order they should be laid out when the profile does not
     * place them.
     */
    static KernelImagePlan plan(WindowsProfile profile, Map<String, Integer> variables) {
        Map<String, Integer> known = new TreeMap<>();
        for (String name : profile.symbolNames()) {
            known.put(name, (int) profile.symbolRva(name).getAsLong());
        }
        KernelImagePlan plan = new KernelImagePlan(Collections.unmodifiableSet(known.keySet()));
        if (known.isEmpty()) {
            known.putAll(INVENTED_CODE);
        }
        plan.rvas.putAll(known);
        int end = plan.cutSections(known, variables);
        end = plan.placeMissing(variables, end, plan.sections.stream().noneMatch(s -> s.name().equals(".data")));
        plan.poolCodeRva = end;
        plan.sections.add(new PeImage.Section("POOLCODE", end, PAGE, PeImage.Section.CODE));
        end += PAGE;
        if (profile.is64Bit()) {
            plan.kvasCodeRva = end;
            plan.sections.add(new PeImage.Section("KVASCODE", end, PAGE, PeImage.Section.CODE));
            end += PAGE;
        }
        plan.exportRva = end;
        plan.debugRva = end + PAGE;
        plan.sections.add(new PeImage.Section(".edata", end, EDATA_PAGES * PAGE, PeImage.Section.READ_ONLY_DATA));
        end += EDATA_PAGES * PAGE;
        plan.entryRva = end + 0x10;
        plan.sections.add(new PeImage.Section("INIT", end, PAGE, PeImage.Section.DISCARDABLE_CODE));
        end += PAGE;
        plan.sizeOfImage = end;
        return plan;
    }

    private int cutSections(Map<String, Integer> known, Map<String, Integer> variables) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(known.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        int start = PAGE;
        int codeRuns = 0;
        int pagedRuns = 0;
        int dataRuns = 0;
        int i = 0;
        while (i < sorted.size()) {
            int kind = kind(sorted.get(i).getKey());
            int j = i;
            boolean holdsActiveProcessHead = false;
            int lastEnd = 0;
            while (j < sorted.size() && kind(sorted.get(j).getKey()) == kind) {
                holdsActiveProcessHead |= sorted.get(j).getKey().equals("PsActiveProcessHead");
                lastEnd = Math.max(lastEnd, sorted.get(j).getValue() + variables.getOrDefault(sorted.get(j).getKey(), 8));
                j++;
            }
            int end;
            if (j < sorted.size()) {
                int nextStart = sorted.get(j).getValue() & -PAGE;
                end = nextStart > lastEnd ? nextStart : roundUp(lastEnd);
            } else {
                end = roundUp(lastEnd);
            }
            end = Math.max(end, start + PAGE);
            String name;
            int characteristics;
            if (kind == CODE_KIND) {
                name = CODE_SECTION_NAMES[Math.min(codeRuns++, CODE_SECTION_NAMES.length - 1)];
                characteristics = PeImage.Section.CODE;
            } else if (kind == PAGED_CODE_KIND) {
                name = PAGED_CODE_SECTION_NAMES[Math.min(pagedRuns++, PAGED_CODE_SECTION_NAMES.length - 1)];
                characteristics = PeImage.Section.CODE;
            } else if (holdsActiveProcessHead) {
                name = ".data";
                characteristics = PeImage.Section.DATA;
            } else {
                name = DATA_SECTION_NAMES[Math.min(dataRuns++, DATA_SECTION_NAMES.length - 1)];
                characteristics = PeImage.Section.DATA;
            }
            sections.add(new PeImage.Section(name, start, end - start, characteristics));
            start = end;
            i = j;
        }
        return start;
    }

    private static int kind(String symbol) {
        if (PAGED_CODE_SYMBOLS.contains(symbol)) {
            return PAGED_CODE_KIND;
        }
        return CODE_SYMBOLS.contains(symbol) ? CODE_KIND : DATA_KIND;
    }

    private int placeMissing(Map<String, Integer> variables, int start, boolean isDataSection) {
        int at = start;
        for (Map.Entry<String, Integer> variable : variables.entrySet()) {
            if (!rvas.containsKey(variable.getKey())) {
                rvas.put(variable.getKey(), at);
                at = (at + variable.getValue() + VARIABLE_ALIGNMENT - 1) & -VARIABLE_ALIGNMENT;
            }
        }
        if (at == start) {
            return start;
        }
        int end = roundUp(at);
        sections.add(new PeImage.Section(isDataSection ? ".data" : "CACHEALI", start, end - start, PeImage.Section.DATA));
        return end;
    }

    private static int roundUp(int value) {
        return (value + PAGE - 1) & -PAGE;
    }

    List<PeImage.Section> sections() {
        return List.copyOf(sections);
    }

    /** The RVA of {@code symbol}, placed or known. */
    int rva(String symbol) {
        Integer rva = rvas.get(symbol);
        if (rva == null) {
            throw new IllegalArgumentException("the kernel image plan has no symbol " + symbol);
        }
        return rva;
    }

    boolean has(String symbol) {
        return rvas.containsKey(symbol);
    }

    /** Whether the RVA of {@code symbol} came from the profile rather than from this plan. */
    boolean fromProfile(String symbol) {
        return fromProfile.contains(symbol);
    }

    /** Every symbol with its RVA, by name. */
    Map<String, Integer> rvas() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(rvas));
    }

    PeImage.Section section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no section " + name));
    }

    int entryRva() {
        return entryRva;
    }

    int exportRva() {
        return exportRva;
    }

    int debugRva() {
        return debugRva;
    }

    int poolCodeRva() {
        return poolCodeRva;
    }

    /** The KVASCODE page's RVA, or -1 on x86. */
    int kvasCodeRva() {
        return kvasCodeRva;
    }

    int sizeOfImage() {
        return sizeOfImage;
    }
}
