namespace Keel.Tests.Inheritance;

/// <summary>A database of its own with Content/Article/Video mapped by one strategy and its tables created by hand.</summary>
public abstract class HierarchyFixture(InheritanceStrategy strategy, string ddl) : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public InheritanceStrategy Strategy { get; } = strategy;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Content>(e => (Strategy switch
        {
            InheritanceStrategy.SingleTable => e.SingleTable("kind"),
            InheritanceStrategy.JoinedTables => e.JoinedTables("kind"),
            _ => e.TablePerConcreteType(),
        }).Subtype<Article>("article").Subtype<Video>("video"));
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync(Sql.Raw(ddl));
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

public sealed class SingleTableFixture() : HierarchyFixture(InheritanceStrategy.SingleTable, """
    CREATE TABLE contents (
        id uuid PRIMARY KEY, kind text NOT NULL, title text NOT NULL, description text NOT NULL,
        created_at timestamptz NOT NULL, version integer NOT NULL,
        body text, author text, read_count integer,
        video_url text, duration_seconds integer, resolution text);
    """);

public sealed class JoinedTablesFixture() : HierarchyFixture(InheritanceStrategy.JoinedTables, """
    CREATE TABLE contents (
        id uuid PRIMARY KEY, kind text NOT NULL, title text NOT NULL, description text NOT NULL,
        created_at timestamptz NOT NULL, version integer NOT NULL);
    CREATE TABLE articles (
        id uuid PRIMARY KEY REFERENCES contents (id) ON DELETE CASCADE,
        body text NOT NULL, author text NOT NULL, read_count integer NOT NULL);
    CREATE TABLE videos (
        id uuid PRIMARY KEY REFERENCES contents (id) ON DELETE CASCADE,
        video_url text NOT NULL, duration_seconds integer NOT NULL, resolution text);
    """);

public sealed class TablePerConcreteTypeFixture() : HierarchyFixture(InheritanceStrategy.TablePerConcreteType, """
    CREATE TABLE articles (
        id uuid PRIMARY KEY, title text NOT NULL, description text NOT NULL,
        created_at timestamptz NOT NULL, version integer NOT NULL,
        body text NOT NULL, author text NOT NULL, read_count integer NOT NULL);
    CREATE TABLE videos (
        id uuid PRIMARY KEY, title text NOT NULL, description text NOT NULL,
        created_at timestamptz NOT NULL, version integer NOT NULL,
        video_url text NOT NULL, duration_seconds integer NOT NULL, resolution text);
    """);
