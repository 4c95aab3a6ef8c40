package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReviewScheduleTest {

    @Test
    void aReviewFallsDueEveryAgreedNumberOfAttendedSessions() {
        assertThat(new ReviewSchedule(5, 6, 12, 0).reviewDue()).isFalse();
        assertThat(new ReviewSchedule(6, 6, 12, 0).reviewDue()).isTrue();
        assertThat(new ReviewSchedule(8, 6, 12, 6).reviewDue()).as("reviewed at 6").isFalse();
        assertThat(new ReviewSchedule(12, 6, 12, 6).reviewDue()).isTrue();
    }

    @Test
    void theWorkDriftsPastTheAgreementWithoutAReview() {
        assertThat(new ReviewSchedule(12, 6, 12, 6).drifting()).isFalse();
        assertThat(new ReviewSchedule(13, 6, 12, 6).drifting()).isTrue();
        assertThat(new ReviewSchedule(13, 6, 12, 12).drifting()).as("reviewed at the agreed end").isFalse();
        assertThat(new ReviewSchedule(40, 6, null, 0).drifting()).as("an end date, not a number").isFalse();
    }
}
