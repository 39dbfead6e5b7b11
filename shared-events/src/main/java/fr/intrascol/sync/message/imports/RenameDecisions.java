package fr.intrascol.sync.message.imports;

import java.util.Set;

/** The director's answers to probable renames, by line of the file. */
public record RenameDecisions(Set<Integer> confirmed, Set<Integer> rejected) {

    public RenameDecisions {
        confirmed = confirmed == null ? Set.of() : Set.copyOf(confirmed);
        rejected = rejected == null ? Set.of() : Set.copyOf(rejected);
    }

    public static RenameDecisions none() {
        return new RenameDecisions(Set.of(), Set.of());
    }
}
