-- What the measures said when the review was held: per questionnaire first and latest score and
-- the reliable-change class, and the session feedback against the client's own level.
alter table review add column evidence jsonb;
