namespace Keel.Benchmarks;

/// <summary>
/// The statements the hand-written contenders send. Keel writes the same text as interpolated strings (its holes
/// render to the same <c>$1</c> placeholders), so the server plans exactly the same statements for every contender.
/// </summary>
internal static class BenchSql
{
    public const string GetById = "SELECT id, name, email, created_at FROM users WHERE id = $1";

    public const string List = "SELECT id, name, email, created_at FROM users ORDER BY id LIMIT 100 OFFSET $1";

    public const string Insert = "INSERT INTO new_users (id, name, email, created_at) VALUES ($1, $2, $3, $4)";

    public const string Copy = "COPY new_users (id, name, email, created_at) FROM STDIN (FORMAT BINARY)";

    public const string GetDocument = "SELECT data FROM bench_docs WHERE id = $1";

    public const string InsertDocument = "INSERT INTO bench_docs (id, data) VALUES ($1, $2)";

    public const string CopyDocuments = "COPY bench_docs (id, data) FROM STDIN (FORMAT BINARY)";

    /// <summary>Statements prepared on the current connection, less the one asking.</summary>
    public const string CountPrepared = "SELECT count(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'";

    public const string CreateTables = """
        DROP TABLE IF EXISTS users;
        DROP TABLE IF EXISTS new_users;
        DROP TABLE IF EXISTS bench_docs;
        CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE new_users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE bench_docs (id uuid PRIMARY KEY, data jsonb NOT NULL, version int NOT NULL DEFAULT 1, created timestamptz NOT NULL DEFAULT now(), updated timestamptz);
        """;
}
