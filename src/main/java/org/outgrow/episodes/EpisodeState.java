package org.outgrow.episodes;

/**
 * Where an episode stands. Intake and assessment come before the work has goals; active is the
 * work; ending consolidates it; ended records how it ended; follow-up checks whether change lasted.
 */
public enum EpisodeState {
    INTAKE, ASSESSMENT, ACTIVE, ENDING, ENDED, FOLLOW_UP;

    /** Open episodes are the ones still being worked on; a client has at most one per therapist. */
    public boolean open() {
        return this != ENDED && this != FOLLOW_UP;
    }
}
