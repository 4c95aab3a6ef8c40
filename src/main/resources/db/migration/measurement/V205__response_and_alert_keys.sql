-- A response's and an alert's practice is their episode's: their foreign keys to episode carry
-- practice_id, and episode's own key to practice holds it. Their keys to practice checked the
-- same again and locked the practice's one row, shared by every answer stored at that moment
-- (docs/benchmarks.md). Most responses (FHIR posts, imports) answer no request: the index that
-- keeps one response per request holds only those that do.
alter table measure_response drop constraint measure_response_practice_id_fkey;
alter table alert drop constraint alert_practice_id_fkey;
alter table measure_response drop constraint measure_response_request_id_key;
create unique index measure_response_one_per_request on measure_response (request_id) where request_id is not null;
