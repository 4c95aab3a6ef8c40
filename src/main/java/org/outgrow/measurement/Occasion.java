package org.outgrow.measurement;

import java.util.List;

/** Why a questionnaire was asked. The first five come from an episode's schedule. */
public enum Occasion {
    BEFORE_SESSION, EVERY_N_DAYS, AT_REVIEW, AT_ENDING, FOLLOW_UP,
    /** The therapist asked once, outside any schedule. */
    ASKED,
    /** Answered on the therapist's device in the room. */
    IN_ROOM;

    static final List<Occasion> SCHEDULABLE = List.of(BEFORE_SESSION, EVERY_N_DAYS, AT_REVIEW,
            AT_ENDING, FOLLOW_UP);
}
