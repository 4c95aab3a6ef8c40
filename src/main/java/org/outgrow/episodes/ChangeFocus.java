package org.outgrow.episodes;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A candidate change, in the client's own words. It becomes a goal of the therapy only when it
 * passes three tests: it causes or perpetuates difficulty (described); the client confirms they
 * want to change it (only the client can answer); the therapist judges, with a reason, that
 * psychotherapy can realistically help. What fails a test is kept as out of scope with a
 * referral or note, never silently dropped.
 */
public record ChangeFocus(UUID id, UUID episodeId, String wording, Author writtenBy, @Nullable String difficulty,
                          Answer clientWantsChange, Answer therapyCanHelp, @Nullable String therapistReason,
                          Status status, @Nullable String scopeNote, int version) {

    /** Who wrote the wording: the client, or the therapist recording the client's words. */
    public enum Author { CLIENT, THERAPIST }

    public enum Answer { UNANSWERED, YES, NO }

    public enum Status { PROPOSED, AGREED, OUT_OF_SCOPE, ACHIEVED, SET_ASIDE }

    static ChangeFocus propose(UUID id, UUID episodeId, String wording, Author author) {
        if (wording.isBlank()) {
            throw new EpisodeRuleViolation("focus.rule.wordingNeeded");
        }
        return new ChangeFocus(id, episodeId, wording.strip(), author, null, Answer.UNANSWERED, Answer.UNANSWERED,
                null, Status.PROPOSED, null, 0);
    }

    /** Test 1: the difficulty this causes or keeps going. */
    ChangeFocus describeDifficulty(String text) {
        requireProposed();
        if (text.isBlank()) {
            throw new EpisodeRuleViolation("focus.rule.difficultyNeeded");
        }
        return new ChangeFocus(id, episodeId, wording, writtenBy, text.strip(), clientWantsChange, therapyCanHelp,
                therapistReason, status, scopeNote, version);
    }

    /** Test 2, the client's answer: do I want to change this? */
    ChangeFocus clientAnswers(boolean wantsChange) {
        requireProposed();
        return new ChangeFocus(id, episodeId, wording, writtenBy, difficulty, wantsChange ? Answer.YES : Answer.NO,
                therapyCanHelp, therapistReason, status, scopeNote, version);
    }

    /** Test 3, the therapist's judgement, always with a reason. */
    ChangeFocus therapistJudges(boolean canHelp, String reason) {
        requireProposed();
        if (reason.isBlank()) {
            throw new EpisodeRuleViolation("focus.rule.reasonNeeded");
        }
        return new ChangeFocus(id, episodeId, wording, writtenBy, difficulty, clientWantsChange,
                canHelp ? Answer.YES : Answer.NO, reason.strip(), status, scopeNote, version);
    }

    boolean passesAllTests() {
        return difficulty != null && clientWantsChange == Answer.YES && therapyCanHelp == Answer.YES;
    }

    boolean failsATest() {
        return clientWantsChange == Answer.NO || therapyCanHelp == Answer.NO;
    }

    /** Agreed: now a goal of the therapy that the client rates. */
    ChangeFocus agree() {
        requireProposed();
        if (!passesAllTests()) {
            throw new EpisodeRuleViolation("focus.rule.agreeNeedsAllTests");
        }
        return withStatus(Status.AGREED, scopeNote);
    }

    /** Out of scope, with the referral or note that says where it goes instead. */
    ChangeFocus outOfScope(String note) {
        requireProposed();
        if (!failsATest()) {
            throw new EpisodeRuleViolation("focus.rule.outOfScopeNeedsFailedTest");
        }
        if (note.isBlank()) {
            throw new EpisodeRuleViolation("focus.rule.noteNeeded");
        }
        return withStatus(Status.OUT_OF_SCOPE, note.strip());
    }

    ChangeFocus achieved() {
        requireAgreed();
        return withStatus(Status.ACHIEVED, scopeNote);
    }

    ChangeFocus setAside(String note) {
        requireAgreed();
        if (note.isBlank()) {
            throw new EpisodeRuleViolation("focus.rule.noteNeeded");
        }
        return withStatus(Status.SET_ASIDE, note.strip());
    }

    public boolean goal() {
        return status == Status.AGREED || status == Status.ACHIEVED;
    }

    private ChangeFocus withStatus(Status next, @Nullable String note) {
        return new ChangeFocus(id, episodeId, wording, writtenBy, difficulty, clientWantsChange, therapyCanHelp,
                therapistReason, next, note, version);
    }

    private void requireProposed() {
        if (status != Status.PROPOSED) {
            throw new EpisodeRuleViolation("focus.rule.onlyWhileProposed");
        }
    }

    private void requireAgreed() {
        if (status != Status.AGREED) {
            throw new EpisodeRuleViolation("focus.rule.onlyGoals");
        }
    }
}
