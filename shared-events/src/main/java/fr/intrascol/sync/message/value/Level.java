package fr.intrascol.sync.message.value;

/** The level (niveau) of a pupil in French primary school, from toute petite section to CM2. */
public enum Level {
    TPS, PS, MS, GS, CP, CE1, CE2, CM1, CM2
}
