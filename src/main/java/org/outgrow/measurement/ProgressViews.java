package org.outgrow.measurement;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.ChangeFocus;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Foci;
import org.outgrow.sessions.Appointment;
import org.outgrow.sessions.Appointments;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What the progress page shows of an episode, for its therapist or its client: per instrument the
 * change statistics, the expected range and a chart with its data table; the client's goal
 * ratings beside them; the paired PHQ-9/GAD-7 outcome where both were used.
 */
@Component
class ProgressViews {

    private final Instruments instruments;
    private final Trajectories trajectories;
    private final EpisodeWork episodes;
    private final Appointments appointments;
    private final MessageSource messages;

    ProgressViews(Instruments instruments, Trajectories trajectories, EpisodeWork episodes, Appointments appointments,
                  MessageSource messages) {
        this.instruments = instruments;
        this.trajectories = trajectories;
        this.episodes = episodes;
        this.appointments = appointments;
        this.messages = messages;
    }

    public record Progress(List<InstrumentProgress> instruments, @Nullable String paired, List<GoalLine> goals) {
    }

    public record InstrumentProgress(String instrument, String title, boolean validated, String chart, List<Row> rows,
                                     @Nullable String baseline, @Nullable String latest, @Nullable String change,
                                     @Nullable String band, @Nullable Boolean caseness, @Nullable String changeClass,
                                     @Nullable Boolean onTrack, @Nullable String basis, int basisEpisodes) {
    }

    public record Row(LocalDate date, int session, @Nullable String total, @Nullable String band, String risk) {
    }

    public record GoalLine(String label, List<ProgressChart.GoalPoint> points) {
    }

    Progress of(Episode episode, List<StoredResponse> responses, Locale locale) {
        ZoneId zone = episodes.zone();
        List<GoalLine> goals = goals(episode.id());
        ProgressChart.Goals chartGoals = new ProgressChart.Goals(goals.stream()
                .map(goal -> new ProgressChart.Goal(goal.label(), goal.points())).toList());
        Map<String, List<StoredResponse>> byInstrument = new LinkedHashMap<>();
        responses.forEach(response -> byInstrument.computeIfAbsent(response.instrument(), id -> new ArrayList<>())
                .add(response));
        List<InstrumentProgress> shown = new ArrayList<>();
        boolean goalsDrawn = false;
        for (Map.Entry<String, List<StoredResponse>> entry : byInstrument.entrySet()) {
            Optional<Instrument> found = instruments.find(entry.getKey());
            if (found.isEmpty()) {
                continue;
            }
            Instrument instrument = found.get();
            boolean withGoals = !goalsDrawn && instrument.reliableChange() != null;
            goalsDrawn |= withGoals;
            shown.add(progress(instrument, entry.getValue(), withGoals ? chartGoals : ProgressChart.Goals.none(),
                    zone, locale));
        }
        return new Progress(shown, paired(byInstrument, episode), goals);
    }

    private InstrumentProgress progress(Instrument instrument, List<StoredResponse> answers,
                                        ProgressChart.Goals goals, ZoneId zone, Locale locale) {
        Trajectories.Trajectory trajectory = trajectories.of(instrument, answers);
        ChangeStatistics statistics = trajectory.statistics();
        String title = Questionnaire.text(instrument.names(), locale);
        List<ProgressChart.Expected> expected = new ArrayList<>();
        int lastSession = answers.stream().mapToInt(StoredResponse::sessionNumber).max().orElse(0);
        trajectory.expected().ifPresent(range -> {
            int from = statistics.baseline().map(Observation::session).map(session -> session == null ? 0 : session)
                    .orElse(0);
            for (int session = from; session <= Math.max(lastSession, from) + 4; session++) {
                ExpectedRange.Range at = range.range(session - from);
                expected.add(new ProgressChart.Expected(session, at.low(), at.high()));
            }
        });
        ProgressChart.Series series = new ProgressChart.Series(title, instrument.minTotal(), instrument.maxTotal(),
                instrument.direction(),
                instrument.bands().stream().map(band -> new ProgressChart.Band(band.from(), band(band.key(), locale)))
                        .toList(),
                instrument.casenessCutOff(),
                statistics.reliableChangeRange().map(range -> new ProgressChart.Range(range.low(), range.high()))
                        .orElse(null),
                expected,
                answers.stream().map(answer -> new ProgressChart.Point(answer.sessionNumber(),
                        LocalDate.ofInstant(answer.answeredAt(), zone), answer.score().total())).toList());
        String chart = ProgressChart.svg("chart-" + instrument.id(), series, goals, labels(locale));
        List<Row> rows = answers.stream().map(answer -> new Row(LocalDate.ofInstant(answer.answeredAt(), zone),
                answer.sessionNumber(), format(answer.score().total()),
                answer.score().band() == null ? null : band(answer.score().band(), locale),
                answer.score().risk().name())).toList();
        return new InstrumentProgress(instrument.id(), title, instrument.validated(), chart, rows,
                statistics.baseline().map(observation -> format(observation.score().total())).orElse(null),
                statistics.latest().map(observation -> format(observation.score().total())).orElse(null),
                statistics.change().map(change -> (change > 0 ? "+" : "") + format(change)).orElse(null),
                statistics.latestBand().map(key -> band(key, locale)).orElse(null),
                statistics.latestCaseness().orElse(null),
                statistics.classification().map(Enum::name).orElse(null),
                trajectory.onTrack().orElse(null),
                trajectory.expected().map(range -> range.basis().name()).orElse(null),
                trajectory.expected().map(ExpectedRange::practiceEpisodes).orElse(0));
    }

    /** The NHS Talking Therapies classification, from the first and last sessions with both PHQ-9 and GAD-7 scored. */
    private @Nullable String paired(Map<String, List<StoredResponse>> byInstrument, Episode episode) {
        Map<Integer, Double> depression = totalsBySession(byInstrument.getOrDefault("phq-9", List.of()));
        Map<Integer, Double> anxiety = totalsBySession(byInstrument.getOrDefault("gad-7", List.of()));
        List<Integer> both = depression.keySet().stream().filter(anxiety::containsKey).sorted().toList();
        Optional<Instrument> phq = instruments.find("phq-9");
        Optional<Instrument> gad = instruments.find("gad-7");
        if (both.size() < 2 || phq.isEmpty() || gad.isEmpty()) {
            return null;
        }
        int first = both.getFirst();
        int last = both.getLast();
        PairedOutcome outcome = PairedOutcome.of(phq.get(), gad.get(),
                new PairedOutcome.Scores(depression.get(first), anxiety.get(first)),
                new PairedOutcome.Scores(depression.get(last), anxiety.get(last)), last);
        return outcome.reliableRecovery() ? "RELIABLE_RECOVERY"
                : outcome.recovered() ? "RECOVERY"
                : outcome.reliableDeterioration() ? "RELIABLE_DETERIORATION"
                : outcome.reliableImprovement() ? "RELIABLE_IMPROVEMENT"
                : "NO_RELIABLE_CHANGE";
    }

    /** The last scored total at each session number. */
    private static Map<Integer, Double> totalsBySession(List<StoredResponse> answers) {
        Map<Integer, Double> totals = new LinkedHashMap<>();
        for (StoredResponse answer : answers) {
            if (answer.score().total() != null) {
                totals.put(answer.sessionNumber(), answer.score().total());
            }
        }
        return totals;
    }

    /** The client's ratings of each agreed goal, placed at the number of sessions attended when they rated. */
    private List<GoalLine> goals(UUID episodeId) {
        List<Appointment> attended = appointments.ofEpisode(episodeId).stream()
                .filter(appointment -> appointment.attendance() == Appointment.Attendance.ATTENDED).toList();
        Map<UUID, List<Foci.Rating>> ratings = episodes.ratings(episodeId);
        List<GoalLine> lines = new ArrayList<>();
        for (ChangeFocus focus : episodes.foci(episodeId)) {
            List<Foci.Rating> own = ratings.getOrDefault(focus.id(), List.of());
            if (own.isEmpty()) {
                continue;
            }
            lines.add(new GoalLine(focus.wording(), own.stream().map(rating -> new ProgressChart.GoalPoint(
                    (int) attended.stream().filter(session -> !session.startsAt().isAfter(rating.ratedAt())).count(),
                    rating.rating())).toList()));
        }
        return lines;
    }

    private String band(String key, Locale locale) {
        return messages.getMessage("band." + key, null, key.replace('_', ' '), locale);
    }

    static @Nullable String format(@Nullable Double value) {
        if (value == null) {
            return null;
        }
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value);
    }

    private ProgressChart.Labels labels(Locale locale) {
        return new ProgressChart.Labels(locale, text("chart.session", locale), text("chart.score", locale),
                text("chart.goalRating", locale), text("chart.caseness", locale), text("chart.reliableChange", locale),
                text("chart.expected", locale), text("chart.incomplete", locale), text("chart.noScores", locale),
                text("chart.title", locale), text("chart.scoreWithBand", locale), text("chart.summary", locale),
                text("chart.single", locale), text("chart.higherIsWorse", locale), text("chart.higherIsBetter", locale),
                text("chart.incompleteCount", locale), text("chart.point", locale), text("chart.incompletePoint", locale),
                text("chart.goalPoint", locale), text("chart.goalSummary", locale));
    }

    /** The message as written: the chart fills in its own {0} placeholders. */
    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
