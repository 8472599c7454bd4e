package io.memstream.enrichment.extraction;

/** The memory categories of docs/memories.md. */
public final class Categories {

    public static final String PERSONAL_INFO = "personal_info";
    public static final String PREFERENCE = "preference";
    public static final String OPINION = "opinion";
    public static final String RELATIONSHIP = "relationship";
    public static final String EVENT = "event";
    public static final String PLAN = "plan";
    public static final String WORK = "work";
    public static final String HEALTH = "health";
    public static final String OTHER = "other";

    private Categories() {
    }
}
