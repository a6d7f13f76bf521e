-- Knowledge bases: documents are split into chunks, each embedded in process (all-MiniLM-L6-v2,
-- 384 dimensions) and stored with its vector; search scores chunks by cosine similarity.
create table wiki (
    id           bigserial primary key,
    team_id      bigint        not null references team (id),
    name         varchar(200)  not null,
    description  varchar(2000),
    created_at   timestamptz   not null,
    updated_at   timestamptz   not null
);

create table wiki_document (
    id           bigserial primary key,
    wiki_id      bigint        not null references wiki (id) on delete cascade,
    title        varchar(500)  not null,
    text         text          not null,
    chunk_count  int           not null,
    tokens       bigint        not null default 0,
    created_at   timestamptz   not null
);
create index wiki_document_wiki_idx on wiki_document (wiki_id);

create table wiki_chunk (
    id           bigserial primary key,
    wiki_id      bigint        not null references wiki (id) on delete cascade,
    document_id  bigint        not null references wiki_document (id) on delete cascade,
    chunk_index  int           not null,
    text         text          not null,
    embedding    real[]        not null
);
create index wiki_chunk_wiki_idx on wiki_chunk (wiki_id);
