package io.memstream.enrichment.entities;

/** The types of the memory contract (docs/memories.md, "People and entities"). */
public enum EntityType {
    PERSON,
    PLACE,
    ORGANIZATION,
    /** A book, film, song, show, game or artwork. */
    WORK,
    /** A named event: festival, holiday, conference, race. */
    EVENT,
    PET,
    PRODUCT,
    DATE,
    EMAIL,
    NUMBER,
    /** A name none of the other types fits. */
    THING
}
