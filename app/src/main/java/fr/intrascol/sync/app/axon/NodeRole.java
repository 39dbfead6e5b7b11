package fr.intrascol.sync.app.axon;

import org.springframework.core.env.Environment;

import java.util.Locale;

/**
 * What one process of an installation does ({@code intrascol.role}, default {@code all}):
 * <ul>
 *   <li>{@code all}: everything, as a single process does (commands, projections, the web interface);</li>
 *   <li>{@code command}: handles commands (API writes, imports) and answers reads from the shared tables,
 *       but starts no event processor and claims no segment: other processes project its events;</li>
 *   <li>{@code query}: runs the event processors (the projections and the IntraScol projector) and
 *       answers reads; it refuses writes (see {@link fr.intrascol.sync.app.web.WritesToCommandProcesses}).</li>
 * </ul>
 */
public enum NodeRole {
    ALL, COMMAND, QUERY;

    public static final String PROPERTY = "intrascol.role";

    public static NodeRole of(Environment environment) {
        return parse(environment.getProperty(PROPERTY, "all"));
    }

    public static NodeRole parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("intrascol.role must be all, command or query, not '" + value + "'");
        }
    }

    /** Whether this process runs the event processors (claims segments in token_entry). */
    public boolean runsProcessors() {
        return this != COMMAND;
    }

    /** Whether this process accepts writes. */
    public boolean acceptsWrites() {
        return this != QUERY;
    }

    public String property() {
        return name().toLowerCase(Locale.ROOT);
    }
}
