package fr.intrascol.sync.app.web;

/** The one walk down an exception's causes (frameworks wrap what the domain threw). */
public final class Causes {

    private Causes() {
    }

    /** {@code e} or its first cause of {@code type}; null when there is none. Stops at a self-caused throwable. */
    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
