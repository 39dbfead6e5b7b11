package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.audit.SchoolWriteQueue;
import fr.intrascol.sync.app.imports.ImportRejectedException;
import fr.intrascol.sync.app.web.Causes;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.imports.PlanWarning;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the pages say when something is refused, in French. The API and the domain speak English (their
 * messages are for technicians and logs); a page never shows those. Each refusal is looked up in
 * {@code i18n/messages.properties}: by its stable code first, then by the field at fault, then by its
 * kind, so that even a refusal nobody wrote a sentence for gets a French one that says what to do.
 */
@Component
public class FrenchMessages {

    public static final Locale FRENCH = Locale.FRENCH;
    /** Refusals whose first argument lists lines of a file. */
    private static final Set<String> LINE_CODES = Set.of("LINES_WITH_PROBLEMS", "LINES_WITHOUT_PROBLEM",
            "RENAMES_UNDECIDED", "RENAME_BOTH_ANSWERS", "RENAME_UNKNOWN_LINES");

    private final MessageSource messages;

    public FrenchMessages(MessageSource messages) {
        this.messages = messages;
    }

    /** A message of the bundle, with its arguments; the key itself if the bundle lacks it. */
    public String text(String key, Object... args) {
        return messages.getMessage(key, args, key, FRENCH);
    }

    private String first(Object[] args, String... keys) {
        for (String key : keys) {
            if (key == null) {
                continue;
            }
            try {
                return messages.getMessage(key, args, FRENCH);
            } catch (NoSuchMessageException e) {
                // try the next, more general key
            }
        }
        throw new IllegalStateException("No French message for any of " + String.join(", ", keys));
    }

    /** The French sentence for a refusal or failure, whatever layer it comes from. */
    public String describe(Throwable e) {
        Throwable cause = Causes.find(e, CommandRejectedException.class);
        if (cause instanceof CommandRejectedException rejected) {
            return first(lineArgs(rejected.code(), rejected.args()),
                    rejected.code() == null ? null : "rejected." + rejected.code(), "rejected.kind." + rejected.kind());
        }
        cause = Causes.find(e, InvalidValueException.class);
        if (cause instanceof InvalidValueException invalid) {
            return first(new Object[0], "invalid." + invalid.field(), "invalid.any");
        }
        if (e instanceof ImportRejectedException rejected) {
            return first(rejected.args(), rejected.code() == null ? null : "file." + rejected.code(), "file.any");
        }
        if (e instanceof AccessDeniedException) {
            return text("forbidden");
        }
        if (e instanceof NotFoundException || e instanceof AggregateNotFoundException) {
            return text("not-found");
        }
        if (Causes.find(e, ConcurrencyException.class) != null
                || Causes.find(e, AggregateStreamCreationException.class) != null) {
            return text("concurrent");
        }
        if (Causes.find(e, SchoolWriteQueue.SchoolBusyException.class) != null) {
            return text("busy.school");
        }
        if (Causes.find(e, SQLTransientConnectionException.class) != null) {
            return text("busy.database");
        }
        if (e instanceof TargetUnavailableException) {
            return text("target.unavailable");
        }
        if (e instanceof TargetRefusedException) {
            return text("target.refused");
        }
        if (e instanceof TargetSync.NoTargetException) {
            return text("target.none");
        }
        return text("unexpected");
    }

    /**
     * The arguments of a refusal that names lines of a file (« 2, 5, 7 » from the domain): the lines listed the
     * French way (« 2, 5 et 7 ») and how many there are, for the sentence to agree (« La ligne 2 », « Les
     * lignes 2, 5 et 7 »).
     */
    private static Object[] lineArgs(String code, Object[] args) {
        if (code == null || !LINE_CODES.contains(code) || args.length == 0 || args[0] == null) {
            return args;
        }
        List<String> lines = Arrays.stream(String.valueOf(args[0]).split(",")).map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        return new Object[]{FrenchText.list(lines), lines.size()};
    }

    /** What is wrong with a line of an extraction and how to correct it, in French. */
    public String rowProblem(RowProblem problem) {
        return first(new Object[]{problem.line(), problem.column() == null ? "" : problem.column()},
                "row." + problem.code(), "row.any");
    }

    /** A plan's warning (probable partial extraction, twins...), in French. */
    public String warning(PlanWarning warning) {
        return first(new Object[]{FrenchText.list(warning.lines()), warning.lines().size()},
                "warning." + warning.code(), "warning.any");
    }
}
