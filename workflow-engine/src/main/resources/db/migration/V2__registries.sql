-- Registries the nodes use: LLM models and HTTP plugins. Secrets are AES-GCM ciphertext.
create table ai_model (
    id                bigserial primary key,
    team_id           bigint        not null references team (id),
    name              varchar(200)  not null,
    provider          varchar(20)   not null check (provider in ('openai', 'ollama')),
    base_url          varchar(2000) not null,
    model_name        varchar(200)  not null,
    api_key_cipher    text,
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null
);

create table plugin (
    id                bigserial primary key,
    team_id           bigint        not null references team (id),
    name              varchar(200)  not null,
    description       varchar(2000),
    method            varchar(10)   not null,
    url_template      varchar(4000) not null,
    headers_json      text,
    body_template     text,
    auth_header_name  varchar(200),
    auth_secret_cipher text,
    input_fields_json text,
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null
);
