package fr.intrascol.sync.query.intrascol;

import java.util.List;
import java.util.function.Supplier;

/**
 * The port through which the IntraScol projector reaches one school's server. Every operation is
 * level-based: it compares what the server holds with what it should hold and changes only the
 * difference, so repeating an operation (a re-delivered event, a retried dead letter) changes nothing.
 *
 * <p>Implementations throw {@link TargetUnavailableException} when the server cannot be reached (worth
 * retrying) and {@link TargetRefusedException} when it answered no (retrying will not help until
 * someone changes the server or the configuration).
 */
public interface DirectoryTarget extends AutoCloseable {

    /**
     * Brings one account in line: {@code after} is what it must now be (an erased account must have
     * no entry), {@code before} what it was, if anything. {@code school} gives the whole school as it
     * must be once this change is applied, for targets that can only be rewritten whole (read only
     * when needed: most pushes touch one entry).
     */
    void push(DirectoryAccount before, DirectoryAccount after, Supplier<List<DirectoryAccount>> school);

    /**
     * Brings every account a batch of events changed in line at once (what a server can take in fewer
     * writes than account by account). By default, one {@link #push(DirectoryAccount, DirectoryAccount, Supplier)}
     * per changed account, each with the school as it must be once the whole batch is applied.
     */
    default void push(SchoolChanges changes) {
        List<DirectoryAccount> school = changes.after();
        for (DirectoryAccount after : changes.changed()) {
            push(changes.before(after.accountId()), after, () -> school);
        }
    }

    /** The differences between the server and {@code desired} (every account of the school). */
    Drift drift(List<DirectoryAccount> desired);

    /**
     * Makes the server hold exactly {@code desired}: creates what is missing, corrects what differs,
     * removes what should not be there. Used to fill a new server and to repair drift.
     */
    Drift.Repair syncAll(List<DirectoryAccount> desired);

    /** Connects and checks that the server can be used (the base exists; the folder is writable). */
    void check();

    /** A short description for logs and the status page (never the password). */
    String describe();

    /** Frees what an idle target holds (an LDAP connection unused for a while); the next push reopens it. */
    default void closeIfIdle() {
    }

    @Override
    void close();
}
