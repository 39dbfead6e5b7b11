package fr.intrascol.sync.app.targets;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.query.intrascol.Drift;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A drift report as a director reads it: entries named « Compte lea.martin » or « Groupe classe-CP A »
 * rather than by their DN, attributes by their French name, roles and statuses in words, passwords hidden.
 */
@Component
public class DriftReport {

    /** One section of the report: what is missing, extra, or different on the server. */
    public record Section(String id, String title, String explanation, List<Line> entries) {
    }

    /** One entry: its name for a person, its technical name (DN or login), and what differs. */
    public record Line(String label, String technicalName, List<Difference> differences) {
    }

    public record Difference(String attribute, String expected, String actual) {
    }

    private static final String HIDDEN = "(hidden)";

    private final FrenchMessages french;

    public DriftReport(FrenchMessages french) {
        this.french = french;
    }

    public List<Section> sections(Drift drift) {
        return List.of(
                new Section("manquants", french.text("server.drift.missing"), french.text("server.drift.missing.detail"),
                        lines(drift.missing())),
                new Section("en-trop", french.text("server.drift.extra"), french.text("server.drift.extra.detail"),
                        lines(drift.extra())),
                new Section("differents", french.text("server.drift.different"),
                        french.text("server.drift.different.detail"), lines(drift.different())));
    }

    private List<Line> lines(List<Drift.Entry> entries) {
        return entries.stream().map(this::line).toList();
    }

    private Line line(Drift.Entry entry) {
        String name = entry.name();
        List<Difference> differences = entry.differences().stream().map(d -> new Difference(attribute(d.attribute()),
                value(d.attribute(), d.expected()), value(d.attribute(), d.actual()))).toList();
        if (!DN.isValidDN(name) || !name.contains("=")) {
            return new Line(french.text("server.drift.account", name), null, differences); // a users file: the login
        }
        try {
            RDN rdn = new DN(name).getRDN();
            String value = rdn == null ? name : rdn.getAttributeValues()[0];
            String kind = rdn != null && rdn.hasAttribute("cn") && entry.accountId() == null
                    ? "server.drift.group" : "server.drift.account";
            return new Line(french.text(kind, value), name, differences);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            return new Line(name, null, differences);
        }
    }

    private String attribute(String name) {
        return word(name, "server.attr.", name);
    }

    /**
     * A bundle label for a word (an attribute name, a role, a status), or {@code otherwise}. Only plain words
     * are looked up: a name from the server may hold quotes or braces, which a message format would misread.
     */
    private String word(String word, String prefix, String otherwise) {
        if (word == null || !word.matches("[A-Za-z_]{1,40}")) {
            return otherwise;
        }
        String key = prefix + word;
        String label = french.text(key);
        return label.equals(key) ? otherwise : label;
    }

    private String value(String attribute, Object value) {
        if (value == null) {
            return french.text("server.drift.absent");
        }
        if (value instanceof Collection<?> values) {
            if (values.isEmpty()) {
                return french.text("server.drift.none");
            }
            return values.stream().map(v -> value(attribute, v)).collect(Collectors.joining(", "));
        }
        String text = value.toString();
        if (text.equals(HIDDEN)) {
            return french.text("server.drift.hidden");
        }
        if (attribute.equals("member") && DN.isValidDN(text)) {
            try {
                RDN rdn = new DN(text).getRDN();
                return rdn == null ? text : rdn.getAttributeValues()[0];
            } catch (com.unboundid.ldap.sdk.LDAPException e) {
                return text;
            }
        }
        return word(text, "server.value.", text);
    }
}
