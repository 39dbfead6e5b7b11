package fr.intrascol.sync.app.schools;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.query.FindSchools;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The list of schools (where the ICT staff land) and a school's home page (where a director lands). */
@WebPage
public class SchoolPages {

    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final SchoolAccess access;

    public SchoolPages(AccountReadModel readModel, QueryGateway queries, SchoolAccess access) {
        this.readModel = readModel;
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/schools")
    public String schools(Model model) {
        Set<String> readable = access.readableSchools();
        List<SchoolView> schools = queries.query(new FindSchools(), ResponseTypes.multipleInstancesOf(SchoolView.class))
                .join().stream()
                .filter(s -> readable == null || readable.contains(s.uai()))
                .sorted(Comparator.comparing(SchoolView::name))
                .toList();
        model.addAttribute("schools", schools);
        return "schools/list";
    }

    @GetMapping("/schools/{uai}")
    public String school(@PathVariable Uai uai, Model model) {
        access.requireRead(uai);
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("canWrite", access.canWrite(uai));
        return "schools/home";
    }
}
