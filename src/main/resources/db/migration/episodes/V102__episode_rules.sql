-- The practice's own rules for the shape of its episodes. Without a row the defaults apply:
-- follow-up three months after the end, quiet after four weeks without an attended session,
-- drift after twelve attended sessions without reliable change.
create table episode_rules (
    practice_id             uuid primary key references practice (id),
    follow_up_months        integer not null check (follow_up_months between 1 and 24),
    quiet_weeks             integer not null check (quiet_weeks between 1 and 26),
    sessions_without_change integer not null check (sessions_without_change between 4 and 52),
    updated_at              timestamptz not null,
    updated_by              uuid not null
);

alter table episode_rules enable row level security;
alter table episode_rules force row level security;
create policy episode_rules_tenant on episode_rules using (practice_id = app_practice());

grant select, insert, update on episode_rules to ${appRole};
