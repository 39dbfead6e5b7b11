package fr.intrascol.sync.app.reports;

/**
 * Where a long list of a report page stands: page {@code page} of {@code pages}, {@code size} lines a page,
 * {@code total} lines in all. A page past the last shows nothing and links back to the last.
 */
public record Paging(int page, int pages, int size, long total) {

    static Paging of(int page, int size, long total) {
        int pages = (int) Math.max(1, (total + size - 1) / size);
        return new Paging(page, pages, size, total);
    }

    public boolean several() {
        return pages > 1;
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    /** The previous page, or the last one from past it. */
    public int previous() {
        return Math.min(page - 1, pages);
    }

    public int next() {
        return page + 1;
    }

    /** The first line shown, counted from 1. */
    public long first() {
        return Math.min(total, (long) (page - 1) * size + 1);
    }

    /** The last line shown. */
    public long last() {
        return Math.min(total, (long) page * size);
    }

    /** « Lignes 51 à 100 sur 734 — page 2 sur 15 ». */
    public String line() {
        if (total == 0) {
            return "";
        }
        String lines = total == 1 ? "1 ligne" : first() > total ? total + " lignes"
                : "Lignes " + first() + " à " + last() + " sur " + total;
        return pages > 1 ? lines + " — page " + Math.min(page, pages) + " sur " + pages : lines;
    }
}
