package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.Uai;

/** An event of one school's aggregate; its stream is keyed by the UAI. */
public interface SchoolEvent {
    Uai uai();
}
