import Store

/// The module's tables: services and clients as JSON documents, the API access tokens (by hash), the tickets of
/// the action/ticket APIs, and granted scopes per client and subject.
enum AuthleteSchema {
    static let migrations = [
        Migration(
            version: 1, name: "services, clients, api tokens, tickets, granted scopes",
            sql: """
                CREATE TABLE authlete_services (
                    api_key INTEGER PRIMARY KEY,
                    number INTEGER NOT NULL,
                    document TEXT NOT NULL
                );
                CREATE TABLE authlete_clients (
                    client_id INTEGER PRIMARY KEY,
                    api_key INTEGER NOT NULL REFERENCES authlete_services (api_key) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    document TEXT NOT NULL
                );
                CREATE INDEX authlete_clients_service ON authlete_clients (api_key);
                CREATE TABLE authlete_api_tokens (
                    hash BLOB PRIMARY KEY,
                    api_key INTEGER
                );
                CREATE TABLE authlete_tickets (
                    hash BLOB PRIMARY KEY,
                    api_key INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE TABLE authlete_granted_scopes (
                    api_key INTEGER NOT NULL,
                    client_id INTEGER NOT NULL,
                    subject TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    modified_at INTEGER NOT NULL,
                    PRIMARY KEY (api_key, client_id, subject)
                );
                """)
    ]
}
