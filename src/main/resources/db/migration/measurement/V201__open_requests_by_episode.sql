-- A submission answers its episode's oldest open request for the questionnaire. Without this
-- index that look-up walked every request the episode ever had (measure_request_episode is by
-- creation time); open requests are few, so the partial index stays small.
create index measure_request_open_by_episode on measure_request (practice_id, episode_id, instrument, due_at)
    where state = 'OPEN';
