-- Another system's Questionnaire recognised as one Outgrow knows: answers to it (posted to the
-- FHIR interface or imported) are scored as that instrument, each of its items as ours.
create table questionnaire_mapping (
    practice_id uuid not null references practice (id),
    url         text not null check (length(url) between 1 and 500),
    instrument  text not null,
    items       jsonb not null,
    added_by    uuid not null,
    added_at    timestamptz not null,
    primary key (practice_id, url)
);

alter table questionnaire_mapping enable row level security;
alter table questionnaire_mapping force row level security;
create policy questionnaire_mapping_tenant on questionnaire_mapping using (practice_id = app_practice());

grant select, insert, update on questionnaire_mapping to ${appRole};
