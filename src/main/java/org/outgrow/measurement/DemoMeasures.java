package org.outgrow.measurement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.clients.Intake;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.Episodes;
import org.outgrow.practice.DemoPracticeCreated;
import org.outgrow.sessions.Appointment;
import org.outgrow.sessions.Appointments;
import org.outgrow.shared.Ids;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo episodes' questionnaires, answered before each attended session: Robin improving, Daniel
 * recovered, Priya not on track with a dip in her session feedback, Yusuf deteriorating,
 * Freya with an open risk alert; Robin and Amara each have a questionnaire waiting in the portal.
 * Lena has not decided about measurement yet, so nothing is asked of her.
 */
@Component
class DemoMeasures {

    private final Clients clients;
    private final Intake intake;
    private final Episodes episodes;
    private final Appointments appointments;
    private final Instruments instruments;
    private final Responses responses;
    private final Schedules schedules;
    private final MeasureRequests requests;
    private final AlertRules alertRules;
    private final Clock clock;

    DemoMeasures(Clients clients, Intake intake, Episodes episodes, Appointments appointments, Instruments instruments,
                 Responses responses, Schedules schedules, MeasureRequests requests, AlertRules alertRules,
                 Clock clock) {
        this.clients = clients;
        this.intake = intake;
        this.episodes = episodes;
        this.appointments = appointments;
        this.instruments = instruments;
        this.responses = responses;
        this.schedules = schedules;
        this.requests = requests;
        this.alertRules = alertRules;
        this.clock = clock;
    }

    @EventListener
    @Order(4) // after the demo clients, episodes and sessions
    void on(DemoPracticeCreated demo) {
        Map<String, Client> byName = demo.therapists().stream().flatMap(therapist -> clients.ofTherapist(therapist)
                .stream()).collect(Collectors.toMap(Client::displayName, client -> client));
        history(byName.get("Robin Hale"), "phq-9", 17, 16, 14, 13, 12, 10, 9, 8, 7);
        history(byName.get("Robin Hale"), "gad-7", 12, 11, 11, 9, 8, 7, 7, 6, 5);
        history(byName.get("Robin Hale"), AlertRules.SESSION_FEEDBACK, 8, 8, 9, 8, 9, 9, 8, 9);
        history(byName.get("Priya Natarajan"), "phq-9", 16, 17, 16, 17, 18, 17, 17, 16, 17, 18, 17, 18);
        history(byName.get("Priya Natarajan"), AlertRules.SESSION_FEEDBACK, 9, 9, 8, 9, 9, 8, 9, 9, 8, 9, 5);
        history(byName.get("Yusuf Demir"), "phq-9", 9, 11, 13, 15, 16);
        history(byName.get("Freya Lund"), "phq-9", 14, 15, 16);
        history(byName.get("Daniel Ortiz"), "phq-9", 19, 18, 17, 15, 14, 13, 12, 11, 10, 9, 8, 8, 7, 7, 6, 6, 6);
        history(byName.get("Mateo Silva"), "phq-9", 15, 16, 15, 16, 15);
        history(byName.get("Hannah Brooks"), "phq-9", 18, 17, 18, 17);
        int index = 0;
        for (Client client : byName.values().stream().sorted(java.util.Comparator.comparing(Client::displayName))
                .toList()) {
            Episode episode = episodes.ofClient(client.id()).getFirst();
            if (!episode.state().open() && responses.instrumentsOf(episode.id()).isEmpty()) {
                formerClient(client, episode, index++);
            }
        }

        Instant now = clock.instant();
        for (String name : List.of("Robin Hale", "Priya Natarajan", "Yusuf Demir", "Freya Lund")) {
            Episode episode = open(byName.get(name));
            schedules.add(episode.id(), "phq-9", Occasion.BEFORE_SESSION, null, episode.therapistId(),
                    episode.openedAt());
        }
        Episode robin = open(byName.get("Robin Hale"));
        schedules.add(robin.id(), AlertRules.SESSION_FEEDBACK, Occasion.EVERY_N_DAYS, 7, robin.therapistId(),
                robin.openedAt());
        requests.create(robin.id(), robin.clientId(), "phq-9", Occasion.ASKED, "ASKED:" + Ids.next(), now, now,
                now.plus(RequestRounds.ANSWER_WINDOW));
        Episode amara = open(byName.get("Amara Obi"));
        requests.create(amara.id(), amara.clientId(), "phq-9", Occasion.ASKED, "ASKED:" + Ids.next(), now, now,
                now.plus(RequestRounds.ANSWER_WINDOW));
        Episode yusuf = open(byName.get("Yusuf Demir"));
        requests.create(yusuf.id(), yusuf.clientId(), "gad-7", Occasion.ASKED, "ASKED:" + Ids.next(),
                now.minus(Duration.ofDays(5)), now.minus(Duration.ofDays(5)), now.plus(Duration.ofDays(2)));
    }

    private Episode open(Client client) {
        return episodes.ofClient(client.id()).getFirst();
    }

    /**
     * One answer before each attended session, in order, with the given totals; the episode's
     * alerts are then worked out from the last answer as they would have been at the time.
     * Freya's last PHQ-9 answers the self-harm question with "several days".
     */
    private void history(Client client, String instrumentId, int... totals) {
        intake.decideMeasurement(client.id(), true);
        Episode episode = episodes.ofClient(client.id()).getFirst();
        Instrument instrument = instruments.require(instrumentId);
        List<Appointment> attended = appointments.ofEpisode(episode.id()).stream()
                .filter(appointment -> appointment.attendance() == Appointment.Attendance.ATTENDED).toList();
        int count = Math.min(totals.length, attended.size());
        UUID last = null;
        Score lastScore = null;
        List<StoredResponse> firstAndLast = List.of();
        for (int i = 0; i < count; i++) {
            boolean risk = client.displayName().equals("Freya Lund") && i == count - 1;
            List<Answer> answers = answers(instrument, totals[i], risk);
            Score score = Scorer.score(instrument, answers);
            last = Ids.next();
            lastScore = score;
            firstAndLast = responses.insert(new Responses.New(last, episode.id(), episode.clientId(), null, Ids.next(),
                    instrument, answers, attended.get(i).startsAt().minus(Duration.ofHours(2)), i,
                    StoredResponse.Source.PORTAL, null, score)).firstAndLastScored();
        }
        if (last != null && episode.state().open()) {
            alertRules.afterResponse(episode.id(), instrument, last, lastScore, firstAndLast);
        }
    }

    /**
     * A former client's PHQ-9 course from start to end, straight with a small wobble: most who ended
     * as planned improved, one in five of them only a little, one in ten got worse; those who
     * dropped out or were referred changed little.
     */
    private void formerClient(Client client, Episode episode, int index) {
        int sessions = (int) appointments.ofEpisode(episode.id()).stream()
                .filter(appointment -> appointment.attendance() == Appointment.Attendance.ATTENDED).count();
        boolean planned = episode.endingKind() == Episode.EndingKind.PLANNED;
        int start = 12 + (index * 7) % 12;
        int end = !planned ? start - 1 : index % 10 == 7 ? Math.min(27, start + 7) : index % 5 == 2 ? start - 4
                : Math.max(2, start - 9 - index % 5);
        int[] totals = new int[Math.max(2, sessions)];
        for (int k = 0; k < totals.length; k++) {
            int wobble = k == 0 || k == totals.length - 1 ? 0 : (k * 7 + index) % 3 - 1;
            totals[k] = Math.max(0, Math.min(27, Math.round(start + (end - start) * (float) k / (totals.length - 1))
                    + wobble));
        }
        history(client, "phq-9", totals);
    }

    /**
     * Answers adding up to the total (for a mean-scored form, each answer is the total), spread
     * evenly; a risk item is 1 when {@code risk}, otherwise 0.
     */
    static List<Answer> answers(Instrument instrument, int total, boolean risk) {
        if (instrument.scoring().method() == Instrument.Scoring.Method.MEAN) {
            return instrument.items().stream().map(item -> Answer.of(item.id(), total)).toList();
        }
        List<String> riskItems = instrument.riskRules().stream().map(Instrument.RiskRule::item).toList();
        List<Instrument.Item> others = instrument.items().stream().filter(item -> !riskItems.contains(item.id()))
                .toList();
        int remaining = total - (risk ? 1 : 0);
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            Instrument.Item item = others.get(i);
            int share = (int) Math.round((double) remaining / (others.size() - i));
            int value = Math.max(item.min(), Math.min(item.max(), share));
            remaining -= value;
            answers.add(Answer.of(item.id(), value));
        }
        riskItems.forEach(item -> answers.add(Answer.of(item, risk ? 1 : 0)));
        return answers;
    }
}
