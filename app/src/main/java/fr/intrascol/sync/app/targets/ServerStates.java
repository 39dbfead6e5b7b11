package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.springframework.stereotype.Component;

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

    /** The state of a school's server from its status; {@code null} status: no server configured. */
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
        return new ServerState("ok", french.text("server.state.ok"), status.lastPushAt() == null
                ? french.text("server.state.ok.never") : french.text("server.state.ok.detail", dates.at(status.lastPushAt())), 0);
    }
}
