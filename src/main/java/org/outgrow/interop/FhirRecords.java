package org.outgrow.interop;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.ChangeFocus;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Episodes;
import org.outgrow.episodes.Foci;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an API token's owner may read, gathered through the other modules' own checks: the
 * clients registered with the therapist and the episodes the therapist is assigned to, nothing
 * else. Every client whose record is read is audited, as any page read would be.
 */
@Service
class FhirRecords {

    record EpisodeResponse(Episode episode, MeasurementRecords.Answered answered) {
    }

    record EpisodeGoal(Episode episode, ChangeFocus focus, List<Foci.Rating> ratings) {
    }

    private final Clients clients;
    private final Episodes episodes;
    private final EpisodeWork work;
    private final MeasurementRecords measures;
    private final ApplicationEventPublisher events;

    FhirRecords(Clients clients, Episodes episodes, EpisodeWork work, MeasurementRecords measures,
                ApplicationEventPublisher events) {
        this.clients = clients;
        this.episodes = episodes;
        this.work = work;
        this.measures = measures;
        this.events = events;
    }

    @Transactional(readOnly = true)
    List<Client> patients(OutgrowUser therapist, @Nullable UUID only) {
        List<Client> found = ownClients(therapist, only);
        found.forEach(client -> events.publishEvent(AuditEvent.read("CLIENT_READ_BY_API", "client", client.id(),
                client.id())));
        return found;
    }

    @Transactional(readOnly = true)
    List<Episode> episodes(OutgrowUser therapist, @Nullable UUID patient) {
        return owned(therapist, patient).map(this::audit).toList();
    }

    /** The response a submission stored, to answer it with: the submission is audited, so this read is not. */
    @Transactional(readOnly = true)
    Optional<EpisodeResponse> submitted(OutgrowUser therapist, UUID response) {
        return measures.answered(response).flatMap(answered -> ownedEpisode(therapist, answered.response().episodeId())
                .map(episode -> new EpisodeResponse(episode, answered)));
    }

    @Transactional(readOnly = true)
    Optional<Episode> episode(OutgrowUser therapist, UUID id) {
        return ownedEpisode(therapist, id).map(this::audit);
    }

    @Transactional(readOnly = true)
    List<EpisodeResponse> responses(OutgrowUser therapist, @Nullable UUID patient) {
        return owned(therapist, patient).flatMap(episode -> answered(episode, therapist)).toList();
    }

    /** The responses of the episode a response belongs to, if the therapist may see it. */
    @Transactional(readOnly = true)
    List<EpisodeResponse> responsesBeside(OutgrowUser therapist, UUID response) {
        return measures.episodeOfResponse(response).flatMap(id -> ownedEpisode(therapist, id)).stream()
                .flatMap(episode -> answered(episode, therapist)).toList();
    }

    @Transactional(readOnly = true)
    List<EpisodeGoal> goals(OutgrowUser therapist, @Nullable UUID patient) {
        return owned(therapist, patient).map(this::audit).flatMap(episode -> {
            Map<UUID, List<Foci.Rating>> ratings = work.ratings(episode.id());
            return work.foci(episode.id()).stream()
                    .map(focus -> new EpisodeGoal(episode, focus, ratings.getOrDefault(focus.id(), List.of())));
        }).toList();
    }

    /** Measurement checks the episode again and audits the read of its answers. */
    private Stream<EpisodeResponse> answered(Episode episode, OutgrowUser therapist) {
        return measures.ofEpisode(episode.id(), therapist).stream().map(answered -> new EpisodeResponse(episode, answered));
    }

    /** The clients registered with the therapist: all of them, or the one asked for if it is theirs. */
    private List<Client> ownClients(OutgrowUser therapist, @Nullable UUID only) {
        return only == null ? clients.ofTherapist(therapist.accountId())
                : clients.find(only).filter(client -> therapist.accountId().equals(client.therapistId()))
                        .map(List::of).orElse(List.of());
    }

    /** The therapist's episodes with their own clients, of one client or of all. */
    private Stream<Episode> owned(OutgrowUser therapist, @Nullable UUID patient) {
        return ownClients(therapist, patient).stream().flatMap(client -> episodes.ofClient(client.id()).stream()
                .filter(episode -> episode.therapistId().equals(therapist.accountId())));
    }

    private Optional<Episode> ownedEpisode(OutgrowUser therapist, UUID id) {
        return episodes.find(id).filter(episode -> episode.therapistId().equals(therapist.accountId()))
                .filter(episode -> !ownClients(therapist, episode.clientId()).isEmpty());
    }

    private Episode audit(Episode episode) {
        events.publishEvent(AuditEvent.read("EPISODE_VIEWED", "episode", episode.id(), episode.clientId()));
        return episode;
    }
}
