package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * A school's IntraScol server in one line, for a director or the ICT staff: « À jour », « 3 changements en
 * attente », « Non configuré », with a sentence that says what it means and a level for its colour.
 */
@Component
public class ServerStates {

    /** How bad it is: {@code ok}, {@code warn}, {@code ko}, or {@code none} (no server configured). */
    public record ServerState(String level, String label, String detail, int weight) {

        public boolean problem() {
            return weight > 0;
        }
    }

    private final FrenchMessages french;
    private final FrenchText dates;

    public ServerStates(FrenchMessages french, FrenchText dates) {
        this.french = french;
        this.dates = dates;
    }

    /**
     * The state of a school's server from its status; {@code null} status: no server configured. A server that
     * no push or replay has reached since its configuration was saved is « Jamais contacté », never « À jour »:
     * the check on saving may have failed, and an empty server is not up to date.
     */
    public ServerState of(TargetSync.TargetStatus status) {
        if (status == null || !status.configured()) {
            return new ServerState("none", french.text("server.state.none"), french.text("server.state.none.detail"), 1);
        }
        if (status.deadLetters() > 0) {
            return new ServerState("ko", french.text("server.state.waiting", status.deadLetters()),
                    french.text("server.state.waiting.detail"), 3);
        }
        if (status.lag() > 0) {
            return new ServerState("warn", french.text("server.state.behind", status.lag()),
                    french.text("server.state.behind.detail"), 1);
        }
        if (status.lastPushAt() == null
                || status.configuredAt() != null && status.lastPushAt().isBefore(status.configuredAt())) {
            return new ServerState("warn", french.text("server.state.never"), status.configuredAt() == null
                    ? french.text("server.state.never.detail.undated")
                    : french.text("server.state.never.detail", dates.at(status.configuredAt())), 1);
        }
        return new ServerState("ok", french.text("server.state.ok"),
                french.text("server.state.ok.detail", dates.at(status.lastPushAt())), 0);
    }

    /**
     * Why the school's server failed, in French, by cause: not reachable, the connection account refused, a
     * change refused, the users file's folder unusable. The server's own words (English, sometimes an LDAP
     * exception) are for the ICT staff only, as a technical detail.
     */
    public String reason(Throwable failure) {
        if (failure instanceof TargetSync.NoTargetException) {
            return french.text("target.none");
        }
        String cause = reasonKey(failure == null ? null : failure.getMessage());
        if (cause == null) {
            return failure instanceof TargetUnavailableException ? french.text("server.reason.unreachable")
                    : failure instanceof TargetRefusedException ? french.text("server.reason.refused")
                    : french.describe(failure);
        }
        return french.text(cause);
    }

    /** Why the pushes waiting failed, from the last error the queue kept (its text only), in French. */
    public String reason(String technical) {
        String cause = reasonKey(technical);
        return french.text(cause == null ? "server.reason.any" : cause);
    }

    private static String reasonKey(String technical) {
        if (technical == null) {
            return null;
        }
        String text = technical.toLowerCase(Locale.ROOT);
        if (text.contains("cannot be reached") || text.contains("connection refused")) {
            return "server.reason.unreachable";
        }
        if (text.contains("invalid credentials") || text.contains("refused a change: 49")
                || text.contains("inappropriate authentication")) {
            return "server.reason.bind";
        }
        if (text.contains("insufficient access") || text.contains("refused a change: 50")) {
            return "server.reason.rights";
        }
        if (text.contains("no such object") || text.contains("refused a change: 32")) {
            return "server.reason.base";
        }
        if (text.contains("symbolic link")) {
            return "server.reason.link";
        }
        if (text.contains("not writable") || text.contains("permission denied") || text.contains("cannot be written")
                || text.contains("cannot be created") || text.contains("cannot be read")) {
            return "server.reason.folder";
        }
        if (text.contains("refused a change")) {
            return "server.reason.change";
        }
        if (text.contains("not valid")) {
            return "server.reason.settings";
        }
        return null;
    }
}
