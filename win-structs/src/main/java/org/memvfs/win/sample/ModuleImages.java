package org.memvfs.win.sample;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The user-mode images of one build, each made once and then shared: the executables (one base
 * per distinct executable, as Windows relocates an image once per boot) and the DLLs of
 * {@link ModuleCatalog}, native and, on x64, 32-bit for WoW64; each with its {@link MappedFile}.
 */
final class ModuleImages {
    private final BuildContext ctx;
    private final Map<String, ModuleImage> images = new HashMap<>();
    private final Map<String, Integer> exeIndexes = new HashMap<>();

    ModuleImages(BuildContext ctx, List<ProcessSpec> catalog) {
        this.ctx = ctx;
        for (ProcessSpec spec : catalog) {
            if (!spec.dosPath().isEmpty() && spec.kind() != ProcessSpec.Kind.WOW64) {
                exeIndexes.putIfAbsent(key(spec.dosPath()), exeIndexes.size());
            }
        }
    }

    /** A module plus its file: what a process maps and lists. */
    record Loaded(ModuleImage image, MappedFile file, String dosPath) {
        int codePage() {
            return image.pe().sections().get(0).rva() / PhysicalPages.PAGE;
        }
    }

    /** The executable of {@code spec}: native, or 32-bit for a WoW64 process. */
    Loaded executable(ProcessSpec spec) {
        boolean wow64 = spec.kind() == ProcessSpec.Kind.WOW64;
        boolean is64 = ctx.profile.is64Bit() && !wow64;
        String key = "exe:" + key(spec.dosPath());
        ModuleImage image = images.get(key);
        if (image == null) {
            long base = wow64 ? ctx.layout.wow64ExeBase() : ctx.layout.exeBase(exeIndexes.get(key(spec.dosPath())));
            image = ImageFactory.build(spec.name(), is64, base, ModuleCatalog.exeSize(spec.name()), false,
                    spec.gui() ? PeImage.SUBSYSTEM_GUI : PeImage.SUBSYSTEM_CONSOLE, osVersion());
            images.put(key, image);
        }
        return new Loaded(image, file(spec.dosPath(), image), spec.dosPath());
    }

    /** A native DLL (System32). */
    Loaded nativeDll(String dll) {
        String name = ModuleCatalog.canonicalName(dll);
        String key = "native:" + key(name);
        ModuleImage image = images.computeIfAbsent(key, k -> ImageFactory.build(name, ctx.profile.is64Bit(),
                ctx.modules.nativeBase(name), ctx.modules.nativeSize(name), true, PeImage.SUBSYSTEM_CONSOLE, osVersion()));
        String path = ModuleCatalog.dllDosPath(name, false);
        return new Loaded(image, file(path, image), path);
    }

    /** A 32-bit DLL of a WoW64 process (SysWOW64). */
    Loaded wow64Dll(String dll) {
        String name = ModuleCatalog.canonicalName(dll);
        String key = "wow64:" + key(name);
        ModuleImage image = images.computeIfAbsent(key, k -> ImageFactory.build(name, false, ctx.modules.base32(name),
                ModuleCatalog.size32(name), true, PeImage.SUBSYSTEM_CONSOLE, osVersion()));
        String path = ModuleCatalog.dllDosPath(name, true);
        return new Loaded(image, file(path, image), path);
    }

    private MappedFile file(String dosPath, ModuleImage image) {
        return ctx.files.file(ModuleCatalog.volumePath(dosPath), true, image.sizeOfImage() / PhysicalPages.PAGE,
                image.pages(), image.base());
    }

    private int osVersion() {
        return ctx.layout.win7() ? 0x0601 : 0x0A00;
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }
}
