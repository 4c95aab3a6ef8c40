package org.outgrow.episodes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.practice.DemoPracticeCreated;
import org.outgrow.shared.Ids;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo practice's episodes, one in every state, with the histories a real caseload would
 * show: foci in clients' words, agreements (one renegotiated), goal ratings over weeks, an
 * ending phase, planned and unplanned endings, a follow-up. Built through the domain objects, so
 * the demo obeys the same rules as real use.
 */
@Component
class DemoEpisodes {

    private final Episodes episodes;
    private final Foci foci;
    private final Reviews reviews;
    private final Clients clients;
    private final ChangeEvidence evidence;
    private final Clock clock;

    DemoEpisodes(Episodes episodes, Foci foci, Reviews reviews, Clients clients, ChangeEvidence evidence,
                 Clock clock) {
        this.episodes = episodes;
        this.evidence = evidence;
        this.foci = foci;
        this.reviews = reviews;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * Priya's latest review, held once her measures said she was not on track (so after the demo
     * measures): it keeps the evidence as it stood, which is what her supervisor signs off.
     */
    @EventListener
    @Order(5)
    void reviewPriyaNotOnTrack(DemoPracticeCreated demo) {
        for (UUID therapist : demo.therapists()) {
            for (Client client : clients.ofTherapist(therapist)) {
                if (client.displayName().equals("Priya Natarajan")) {
                    Episode priya = episodes.ofClient(client.id()).getFirst();
                    reviews.insert(priya.id(), 12, Reviews.Decision.CONTINUE, "Not on track on the PHQ-9 after"
                            + " twelve sessions. Agreed with Priya to look again at what we work on; bringing it"
                            + " to supervision.", evidence.of(priya.id(), Locale.ENGLISH),
                            priya.therapistId(), clock.instant().minus(days(2)));
                }
            }
        }
    }

    @EventListener
    @Order(2)
    void on(DemoPracticeCreated demo) {
        Map<String, Client> byName = demo.therapists().stream().flatMap(therapist -> clients.ofTherapist(therapist)
                .stream()).collect(Collectors.toMap(Client::displayName, client -> client));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Europe/London"));

        // Robin: active for nine weeks, agreement acknowledged, two goals rated twice, one focus out of scope.
        Episode robin = active(byName.get("Robin Hale"), 63, now);
        UUID robinSaysNo = goal(robin, "I agree to everything at work and then resent it", "Overtime most weeks, "
                + "no energy left for friends", "A pattern of pleasing we can look at together", now.minus(days(56)));
        UUID robinSleep = goal(robin, "I want to sleep without going over every conversation", "Lies awake until 2 or 3 "
                + "most nights", "Rumination responds well to this work", now.minus(days(56)));
        rate(robin, robinSaysNo, 3, "BASELINE", now.minus(days(55)));
        rate(robin, robinSleep, 2, "BASELINE", now.minus(days(55)));
        rate(robin, robinSaysNo, 5, "REVIEW", now.minus(days(14)));
        rate(robin, robinSleep, 4, "REVIEW", now.minus(days(14)));
        outOfScope(robin, "I want my landlord to fix the damp", "Housing advice, not therapy: gave the number of the "
                + "tenants' advice line", now.minus(days(56)));
        agreement(robin, 1, 12, "Weekly, Tuesdays", "Start and end on time; tell Robin honestly how I see things",
                "Come prepared with what matters that week; try the agreed experiments", null, now.minus(days(56)),
                true);

        // Amara: in assessment; one focus waits for her answer, the agreement waits for her acknowledgement.
        Episode amara = assessment(byName.get("Amara Obi"), 14, now);
        propose(amara, "I keep cancelling plans when I feel low", ChangeFocus.Author.THERAPIST, now.minus(days(7)));
        UUID amaraOwn = propose(amara, "I want to stop apologising for everything", ChangeFocus.Author.CLIENT,
                now.minus(days(6)));
        change(amaraOwn, amara, focus -> focus.clientAnswers(true).describeDifficulty("Feels small in every "
                + "conversation at work"));
        agreement(amara, 1, 10, "Weekly", "Keep to our time and say when I think we are stuck",
                "Write down one situation each week where I apologised", null, now.minus(days(2)), false);

        // Lena: in the ending phase; her plan of what she carries forward is hers to write.
        Episode lena = active(byName.get("Lena Fischer"), 140, now);
        UUID lenaGoal = goal(lena, "Panic on the train to work", "Takes the bus for an hour instead",
                "Exposure work fits this well", now.minus(days(133)));
        rate(lena, lenaGoal, 1, "BASELINE", now.minus(days(132)));
        rate(lena, lenaGoal, 7, "REVIEW", now.minus(days(40)));
        agreement(lena, 1, 16, "Weekly", "Plan each exposure step with Lena", "Practise between sessions",
                null, now.minus(days(133)), true);
        save(reload(lena).beginEnding(today.plusDays(14), today));

        // Priya: active, agreement renegotiated once.
        Episode priya = active(byName.get("Priya Natarajan"), 90, now);
        goal(priya, "I freeze when my manager criticises me", "Has stopped speaking in meetings",
                "Shame responses can change in therapy", now.minus(days(84)));
        agreement(priya, 1, 8, "Fortnightly", "Be clear about what we work on", "Bring examples", null,
                now.minus(days(84)), true);
        reviews.insert(priya.id(), 6, Reviews.Decision.REVISE_AGREEMENT, "Fortnightly is too sparse; weekly for a while",
                ChangeEvidence.Evidence.NONE,
                priya.therapistId(), now.minus(days(30)));
        agreement(priya, 2, 14, "Weekly", "Be clear about what we work on", "Bring examples",
                "Weekly for a while: the work needs more continuity", now.minus(days(30)), true);

        intake(byName.get("Tomasz Kowalski"), 3, now);
        intake(byName.get("Kwame Mensah"), 1, now);
        assessment(byName.get("Claire Dubois"), 10, now);
        goal(active(byName.get("Yusuf Demir"), 35, now), "I lose my temper with my children",
                "Shouting most evenings, feels ashamed after", "Anger patterns respond to this work", now.minus(days(30)));
        goal(active(byName.get("Freya Lund"), 21, now), "I cannot decide whether to leave my job",
                "Months of going back and forth, sleep affected", "Ambivalence can be worked with", now.minus(days(18)));

        ended(byName.get("Daniel Ortiz"), 180, 35, Episode.EndingKind.PLANNED, Episode.StateAtEnding.RECOVERED, today,
                now);
        ended(byName.get("Mateo Silva"), 60, 20, Episode.EndingKind.REFERRED, Episode.StateAtEnding.UNCHANGED, today,
                now);
        Episode hannah = ended(byName.get("Hannah Brooks"), 230, 120, Episode.EndingKind.DROPPED_OUT,
                Episode.StateAtEnding.UNCHANGED, today, now);
        save(reload(hannah).startFollowUp(today));
        pastClients(demo, today, now);
    }

    /** Former clients, so the outcome figures and the public profile have a year of endings to count. */
    static final List<String> PAST_CLIENTS = List.of("Aisha Rahman", "Ben Carter", "Chloe Martin", "David Kim",
            "Elena Rossi", "Farid Haddad", "Grace Liu", "Henrik Berg", "Ines Costa", "Jonas Weber", "Kemi Adeyemi",
            "Liam Walsh", "Maya Cohen", "Noah Schmidt", "Olivia Brown", "Pavel Novak", "Rosa Jimenez", "Samir Patel",
            "Tara Singh", "Umar Farouk", "Vera Ivanova", "Will Turner", "Ximena Ortega", "Zoe Keller");

    /** Mostly planned endings after 8 to 20 weeks; every eighth drops out early, a few are referred or end early. */
    private void pastClients(DemoPracticeCreated demo, LocalDate today, Instant now) {
        for (int i = 0; i < PAST_CLIENTS.size(); i++) {
            UUID therapist = demo.therapists().get(i % demo.therapists().size());
            Client client = clients.find(clients.register(PAST_CLIENTS.get(i), null, therapist)).orElseThrow();
            int opened = 380 - i * 12;
            boolean droppedOut = i % 8 == 3;
            int weeks = Math.min(droppedOut ? 4 : 8 + (i * 5) % 13, (opened - 14) / 7);
            Episode.EndingKind kind = droppedOut ? Episode.EndingKind.DROPPED_OUT
                    : i % 11 == 5 ? Episode.EndingKind.REFERRED
                    : i % 13 == 9 ? Episode.EndingKind.CLIENT_INITIATED
                    : Episode.EndingKind.PLANNED;
            Episode.StateAtEnding state = kind == Episode.EndingKind.PLANNED ? Episode.StateAtEnding.IMPROVED
                    : Episode.StateAtEnding.UNCHANGED;
            ended(client, opened, opened - weeks * 7, kind, state, today, now);
        }
    }

    private Episode intake(Client client, int daysAgo, Instant now) {
        Episode episode = Episode.open(Ids.next(), client.id(), client.therapistId(), now.minus(days(daysAgo)));
        episodes.insert(episode);
        return episode;
    }

    private Episode assessment(Client client, int daysAgo, Instant now) {
        Episode episode = intake(client, daysAgo, now);
        return save(episode.startAssessment());
    }

    /** Active episodes start with an agreement and a goal, as the rules require; callers add more. */
    private Episode active(Client client, int daysAgo, Instant now) {
        Episode episode = assessment(client, daysAgo, now);
        return save(reload(episode).activate(true, 1));
    }

    private Episode ended(Client client, int openedDaysAgo, int endedDaysAgo, Episode.EndingKind kind,
                          Episode.StateAtEnding atEnding, LocalDate today, Instant now) {
        Episode episode = active(client, openedDaysAgo, now);
        goal(episode, "I avoid every conflict until it explodes", "Relationships end suddenly",
                "A pattern we can name and practise with", now.minus(days(openedDaysAgo - 7)));
        Episode current = reload(episode);
        if (kind == Episode.EndingKind.PLANNED) {
            current = save(current.beginEnding(today.minusDays(endedDaysAgo), today.minusDays(endedDaysAgo + 21)));
        }
        return save(current.end(kind, atEnding, client.therapistId(), now.minus(days(endedDaysAgo)),
                today.minusDays(endedDaysAgo), Period.ofMonths(3)));
    }

    private UUID propose(Episode episode, String words, ChangeFocus.Author author, Instant at) {
        ChangeFocus focus = ChangeFocus.propose(Ids.next(), episode.id(), words, author);
        foci.insert(focus, author == ChangeFocus.Author.CLIENT ? episode.clientId() : episode.therapistId(), at);
        return focus.id();
    }

    private UUID goal(Episode episode, String words, String difficulty, String reason, Instant at) {
        UUID id = propose(episode, words, ChangeFocus.Author.CLIENT, at);
        change(id, episode, focus -> focus.describeDifficulty(difficulty).clientAnswers(true)
                .therapistJudges(true, reason).agree());
        return id;
    }

    private void outOfScope(Episode episode, String words, String note, Instant at) {
        UUID id = propose(episode, words, ChangeFocus.Author.CLIENT, at);
        change(id, episode, focus -> focus.clientAnswers(true).therapistJudges(false, note).outOfScope(note));
    }

    private void change(UUID focusId, Episode episode, UnaryOperator<ChangeFocus> step) {
        ChangeFocus focus = foci.ofEpisode(episode.id()).stream().filter(f -> f.id().equals(focusId)).findFirst()
                .orElseThrow();
        foci.update(step.apply(focus));
    }

    private void rate(Episode episode, UUID focusId, int rating, String occasion, Instant at) {
        foci.rate(focusId, rating, occasion, episode.clientId(), at);
    }

    private void agreement(Episode episode, int number, int sessions, String frequency, String therapist,
                           String client, String reason, Instant at, boolean acknowledged) {
        episodes.insertAgreement(episode.id(), number, new AgreementTerms(sessions, null, frequency, 6, therapist,
                client), reason, episode.therapistId(), at);
        if (acknowledged) {
            episodes.acknowledge(episode.id(), number, episode.clientId(), at.plus(Duration.ofDays(1)));
        }
    }

    /** Saves a step taken on a freshly loaded episode and returns the episode as now stored. */
    private Episode save(Episode changed) {
        episodes.update(changed);
        return reload(changed);
    }

    private Episode reload(Episode episode) {
        return episodes.find(episode.id()).orElseThrow();
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }

}
