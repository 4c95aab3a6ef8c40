package org.outgrow.episodes;

import org.outgrow.clients.ClientErasureRequested;
import org.outgrow.clients.ErasureRefused;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A client in therapy is not erased behind their therapist's back: the episode is ended first. */
@Component
class EpisodesBeforeErasure {

    private final Episodes episodes;

    EpisodesBeforeErasure(Episodes episodes) {
        this.episodes = episodes;
    }

    /** Refused while an episode is open; otherwise no follow-up falls due any more. */
    @EventListener
    void on(ClientErasureRequested request) {
        if (!request.replay() && episodes.ofClient(request.clientId()).stream().anyMatch(e -> e.state().open())) {
            throw new ErasureRefused("erasure.rule.openEpisode");
        }
        episodes.cancelFollowUps(request.clientId());
    }
}
