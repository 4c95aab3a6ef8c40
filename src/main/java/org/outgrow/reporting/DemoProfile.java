package org.outgrow.reporting;

import org.outgrow.practice.DemoPracticeCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The demo practice publishes its honest profile, so /p/demo shows what a published one looks like. */
@Component
class DemoProfile {

    private final PublicProfiles profiles;

    DemoProfile(PublicProfiles profiles) {
        this.profiles = profiles;
    }

    @EventListener
    @Order(5)
    void on(DemoPracticeCreated demo) {
        profiles.publish(true, demo.admin());
    }
}
