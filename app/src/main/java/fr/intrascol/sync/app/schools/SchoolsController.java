package fr.intrascol.sync.app.schools;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.Uai;
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
import java.util.Optional;

/** Registering schools (administrators) and reading them. */
@RestController
@RequestMapping("/api/schools")
public class SchoolsController {

    private final SchoolService schools;
    private final AccountReadModel readModel;

    public SchoolsController(SchoolService schools, AccountReadModel readModel) {
        this.schools = schools;
        this.readModel = readModel;
    }

    /** {@code loginMaxLength} is optional (default {@value LoginRules#DEFAULT_MAX_LENGTH}). */
    public record RegisterSchoolRequest(String uai, String name, Integer loginMaxLength, String reason) {
    }

    @PostMapping
    public ResponseEntity<?> register(@RequestBody RegisterSchoolRequest request) {
        Optional<SchoolView> school = schools.register(request.uai(), request.name(), request.loginMaxLength(),
                request.reason());
        URI location = URI.create("/api/schools/" + new Uai(request.uai()));
        return school.<ResponseEntity<?>>map(view -> ResponseEntity.created(location).body(view))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location).build());
    }

    @GetMapping
    public List<SchoolView> list() {
        return schools.readable();
    }

    @GetMapping("/{uai}")
    public SchoolView get(@PathVariable Uai uai) {
        return readModel.requireSchool(uai);
    }
}
