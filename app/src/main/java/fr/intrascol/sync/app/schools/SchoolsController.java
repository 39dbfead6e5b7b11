package fr.intrascol.sync.app.schools;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.security.SchoolAccess;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** Registering schools (administrators) and reading them. */
@RestController
@RequestMapping("/api/schools")
public class SchoolsController {

    private final AuditedCommands commands;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final SchoolAccess access;

    public SchoolsController(AuditedCommands commands, AccountReadModel readModel, QueryGateway queries,
                             SchoolAccess access) {
        this.commands = commands;
        this.readModel = readModel;
        this.queries = queries;
        this.access = access;
    }

    /** {@code loginMaxLength} is optional (default {@value LoginRules#DEFAULT_MAX_LENGTH}). */
    public record RegisterSchoolRequest(String uai, String name, Integer loginMaxLength, String reason) {
    }

    @PostMapping
    public ResponseEntity<?> register(@RequestBody RegisterSchoolRequest request) {
        Uai uai = new Uai(request.uai());
        LoginRules rules = request.loginMaxLength() == null ? LoginRules.defaults()
                : new LoginRules(request.loginMaxLength());
        try {
            commands.send(new RegisterSchool(uai, request.name(), rules), Origin.MANUAL, request.reason());
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "SCHOOL_EXISTS",
                    "School " + uai + " is already registered.", uai);
        }
        URI location = URI.create("/api/schools/" + uai);
        return readModel.awaitSchool(uai)
                .<ResponseEntity<?>>map(view -> ResponseEntity.created(location).body(view))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location).build());
    }

    @GetMapping
    public List<SchoolView> list() {
        Set<String> readable = access.readableSchools();
        return queries.query(new FindSchools(), ResponseTypes.multipleInstancesOf(SchoolView.class)).join().stream()
                .filter(s -> readable == null || readable.contains(s.uai()))
                .toList();
    }

    @GetMapping("/{uai}")
    public SchoolView get(@PathVariable Uai uai) {
        access.requireRead(uai);
        return readModel.requireSchool(uai);
    }
}
