package org.outgrow.practice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.springframework.beans.factory.annotation.Autowired;

/** A start without the demo profile never creates demo data. */
@OutgrowTest
class ProductionStartTest {

    @Autowired
    Practices practices;

    @Test
    void createsNoDemoPractice() {
        assertThat(practices.findBySlug("demo")).isEmpty();
        assertThat(practices.find(DemoPractice.ID)).isEmpty();
    }
}
