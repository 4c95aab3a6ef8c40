-- An episode that is still open has not ended. Imports before this migration could store an
-- open (active) EpisodeOfCare with the end its period gave; such an end is cleared here, and the
-- measure_span trigger rebuilds those episodes' spans over all their answers. From now on the
-- database refuses an end on an open episode.
alter table measure_response no force row level security;
alter table episode no force row level security;
alter table measure_span no force row level security;
update episode set ended_at = null
where state in ('INTAKE', 'ASSESSMENT', 'ACTIVE', 'ENDING') and ended_at is not null;
alter table measure_response force row level security;
alter table episode force row level security;
alter table measure_span force row level security;

alter table episode add constraint episode_open_has_no_end
    check (state in ('ENDED', 'FOLLOW_UP') or ended_at is null);
