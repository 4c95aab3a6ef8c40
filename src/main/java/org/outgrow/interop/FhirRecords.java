package org.outgrow.interop;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.ChangeFocus;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
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
    private final EpisodeWork episodes;
    private final MeasurementRecords measures;
    private final ApplicationEventPublisher events;

    FhirRecords(Clients clients, EpisodeWork episodes, MeasurementRecords measures, ApplicationEventPublisher events) {
        this.clients = clients;
        this.episodes = episodes;
        this.measures = measures;
        this.events = events;
    }

    @Transactional(readOnly = true)
    List<Client> patients(OutgrowUser therapist, @Nullable UUID only) {
        List<Client> found = only == null ? clients.ofTherapist(therapist.accountId())
                : clients.find(only).filter(client -> therapist.accountId().equals(client.therapistId()))
                        .map(List::of).orElse(List.of());
        found.forEach(client -> events.publishEvent(AuditEvent.read("CLIENT_READ_BY_API", "client", client.id(),
                client.id())));
        return found;
    }

    @Transactional(readOnly = true)
    List<Episode> episodes(OutgrowUser therapist, @Nullable UUID patient) {
        return owned(therapist, patient).toList();
    }

    @Transactional(readOnly = true)
    List<EpisodeResponse> responses(OutgrowUser therapist, @Nullable UUID patient) {
        return owned(therapist, patient).flatMap(episode -> measures.ofEpisode(episode.id(), therapist).stream()
                .map(answered -> new EpisodeResponse(episode, answered))).toList();
    }

    @Transactional(readOnly = true)
    List<EpisodeGoal> goals(OutgrowUser therapist, @Nullable UUID patient) {
        return owned(therapist, patient).flatMap(episode -> {
            Map<UUID, List<Foci.Rating>> ratings = episodes.ratings(episode.id());
            return episodes.foci(episode.id()).stream()
                    .map(focus -> new EpisodeGoal(episode, focus, ratings.getOrDefault(focus.id(), List.of())));
        }).toList();
    }

    /** The therapist's episodes, of one client or of all their clients; each read is audited by EpisodeWork. */
    private Stream<Episode> owned(OutgrowUser therapist, @Nullable UUID patient) {
        List<UUID> of = patient != null ? List.of(patient)
                : clients.ofTherapist(therapist.accountId()).stream().map(Client::id).toList();
        return of.stream()
                .filter(client -> clients.find(client).filter(found -> therapist.accountId()
                        .equals(found.therapistId())).isPresent())
                .flatMap(client -> episodes.episodesOfClient(client, therapist).stream())
                .map(episode -> episodes.forTherapist(episode.id(), therapist));
    }
}
