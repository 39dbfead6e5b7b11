package fr.intrascol.sync.app.archive;

import java.io.PrintStream;

/** What the export and import commands print alike: a progress bar, sizes, the chain heads line. */
final class ArchiveCli {

    private static final int WIDTH = 30;

    private ArchiveCli() {
    }

    static void progress(long done, long total) {
        PrintStream out = System.out;
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " events");
        out.flush();
    }

    /** One line to compare between the old and the new home. */
    static String heads(int schools, String digest) {
        return "Hash chains: " + schools + " school head hash" + (schools == 1 ? "" : "es") + ", heads digest "
                + digest;
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KB";
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
