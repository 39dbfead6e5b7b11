package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.meta.Origin;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Sends a command with its audit metadata: the kind of operation and, when the person gave one, the
 * reason. The actor is added by {@link ActorMetadata} from the authenticated principal. A school's
 * commands take their turn in {@link SchoolWriteQueue} before they reach the command bus.
 */
@Component
public class AuditedCommands {

    private final CommandGateway gateway;
    private final SchoolWriteQueue queue;

    public AuditedCommands(CommandGateway gateway, SchoolWriteQueue queue) {
        this.gateway = gateway;
        this.queue = queue;
    }

    public <R> R send(Object command, Origin origin, String reason) {
        return send(command, origin, reason, null);
    }

    /** With the import that causes the change, when one does. */
    public <R> R send(Object command, Origin origin, String reason, String importId) {
        Map<String, Object> meta = new HashMap<>();
        if (importId != null) {
            meta.put(MetadataKeys.IMPORT_ID, importId);
        }
        meta.put(MetadataKeys.ORIGIN, origin.name());
        String cleanReason = cleanReason(reason);
        if (cleanReason != null) {
            meta.put(MetadataKeys.REASON, cleanReason);
        }
        return queue.inTurn(command, () -> gateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(meta))));
    }

    /** Null for no reason; refuses one that would make a history unreadable. */
    static String cleanReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String clean = reason.strip().replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "");
        if (clean.length() > MetadataKeys.REASON_MAX_LENGTH) {
            throw new InvalidValueException("reason",
                    "The reason is longer than " + MetadataKeys.REASON_MAX_LENGTH + " characters; shorten it.");
        }
        return clean;
    }
}
