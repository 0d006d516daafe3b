package org.memvfs.mount;

import java.nio.file.Path;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.ImageFormat;
import org.memvfs.mmu.image.ImageOptions;
import org.memvfs.mmu.image.MemoryImages;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The image argument and its options, shared by every command that reads an image. */
final class ImageArguments {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The memory image: a raw dump or an ELF core.")
    Path image;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Read the image as this format (raw, elf-core, crash-dump, lime, vmware, kdump) instead of detecting it "
                    + "from its content.")
    String format;

    PhysicalMemory open() {
        ImageOptions options = ImageOptions.DEFAULT;
        if (format != null) {
            options = options.withFormat(ImageFormat.byId(format));
        }
        return MemoryImages.open(image, options);
    }
}
