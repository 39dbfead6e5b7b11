package fr.intrascol.sync.app.schools;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.FindSchools;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Registering a school (administrators) and the schools a user may see, for the API
 * ({@link SchoolsController}) and the pages ({@link SchoolPages}) alike.
 */
@Service
public class SchoolService {

    private final AuditedCommands commands;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final SchoolAccess access;

    public SchoolService(AuditedCommands commands, AccountReadModel readModel, QueryGateway queries,
                         SchoolAccess access) {
        this.commands = commands;
        this.readModel = readModel;
        this.queries = queries;
        this.access = access;
    }

    /** The registered schools the current user may read (every one for an administrator), ordered by UAI. */
    public List<SchoolView> readable() {
        Set<String> readable = access.readableSchools();
        return queries.query(new FindSchools(), ResponseTypes.multipleInstancesOf(SchoolView.class)).join().stream()
                .filter(s -> readable == null || readable.contains(s.uai()))
                .toList();
    }

    /**
     * Registers the school and waits for the read model to show it: the school, or empty when it did not
     * within the read-your-writes timeout (it is registered all the same). {@code loginMaxLength} null: the
     * default.
     */
    public Optional<SchoolView> register(String uaiText, String name, Integer loginMaxLength, String reason) {
        if (!SchoolAccess.currentUser().has(UserRole.ADMIN)) {
            throw new AccessDeniedException("Only an administrator registers schools.");
        }
        Uai uai = new Uai(uaiText);
        LoginRules rules = loginMaxLength == null ? LoginRules.defaults() : new LoginRules(loginMaxLength);
        try {
            commands.send(new RegisterSchool(uai, name, rules), Origin.MANUAL, reason);
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "SCHOOL_EXISTS",
                    "School " + uai + " is already registered.", uai);
        }
        return readModel.awaitSchool(uai);
    }
}
