package org.outgrow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Ids are version-7 UUIDs that sort, as PostgreSQL sorts uuid (byte by byte), in the order they were made. */
class IdsTest {

    @Test
    void manyMadeInTheSameMillisecondStillSortInTheOrderTheyWereMade() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(Ids.next());
        }
        assertThat(made).isSortedAccordingTo(Comparator.comparing(IdsTest::unsigned)).doesNotHaveDuplicates();
        assertThat(made).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
        long millis = made.getFirst().getMostSignificantBits() >>> 16;
        assertThat(millis).as("the timestamp is the time it was made")
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000);
    }

    private static String unsigned(UUID id) {
        return id.toString(); // hex digits compare as the bytes do
    }
}
