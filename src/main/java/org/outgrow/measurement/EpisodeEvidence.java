package org.outgrow.measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.ChangeEvidence;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The episodes module's view of the measures, for reviews and drift: change statistics and session feedback. */
@Component
class EpisodeEvidence implements ChangeEvidence {

    private final Responses responses;
    private final Instruments instruments;
    private final Trajectories trajectories;

    EpisodeEvidence(Responses responses, Instruments instruments, Trajectories trajectories) {
        this.responses = responses;
        this.instruments = instruments;
        this.trajectories = trajectories;
    }

    @Override
    @Transactional(readOnly = true)
    public Evidence of(UUID episodeId, Locale locale) {
        Map<String, List<StoredResponse>> byInstrument = new LinkedHashMap<>();
        responses.ofEpisode(episodeId).forEach(response ->
                byInstrument.computeIfAbsent(response.instrument(), id -> new ArrayList<>()).add(response));
        List<Measure> measures = new ArrayList<>();
        Alliance alliance = null;
        for (Map.Entry<String, List<StoredResponse>> entry : byInstrument.entrySet()) {
            Instrument instrument = instruments.find(entry.getKey()).orElse(null);
            if (instrument == null) {
                continue;
            }
            if (instrument.id().equals(AlertRules.SESSION_FEEDBACK)) {
                alliance = alliance(entry.getValue());
                continue;
            }
            Trajectories.Trajectory trajectory = trajectories.of(instrument, entry.getValue());
            ChangeStatistics statistics = trajectory.statistics();
            Change change = statistics.classification().orElse(null);
            measures.add(new Measure(instrument.id(), Questionnaire.text(instrument.names(), locale),
                    statistics.baseline().map(first -> ProgressViews.format(first.score().total())).orElse(null),
                    statistics.latest().map(last -> ProgressViews.format(last.score().total())).orElse(null),
                    change == null ? null : change.name(),
                    change == Change.RELIABLE_IMPROVEMENT || change == Change.RELIABLE_RECOVERY,
                    trajectory.onTrack().orElse(null)));
        }
        return new Evidence(measures, alliance);
    }

    private static @Nullable Alliance alliance(List<StoredResponse> feedback) {
        List<Double> ratings = feedback.stream().map(answer -> answer.score().total()).filter(Objects::nonNull)
                .toList();
        if (ratings.isEmpty()) {
            return null;
        }
        AllianceDrop drop = AllianceDrop.assess(ratings);
        return new Alliance(ProgressViews.format(ratings.getLast()), ProgressViews.format(drop.earlierMean()),
                drop.dropped());
    }
}
