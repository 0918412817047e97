namespace Keel.Tests;

public sealed class NPlusOneTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS authors (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE IF NOT EXISTS posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES authors(id), title text NOT NULL);
            INSERT INTO authors SELECT g, 'author ' || g FROM generate_series(1, 10) g ON CONFLICT DO NOTHING;
            INSERT INTO posts SELECT g, 1 + (g % 10), 'post ' || g FROM generate_series(1, 30) g ON CONFLICT DO NOTHING;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Post(int Id, int AuthorId, string Title);

    /// <summary>Seed 001's "posts with authors, bad": one query for the posts, then one per post for its author.</summary>
    private static async Task<List<(string Title, string? Author)>> PostsWithAuthorsOneByOneAsync(KeelSession session)
    {
        var result = new List<(string, string?)>();
        foreach (var post in await session.QueryAsync<Post>($"SELECT id, author_id, title FROM posts ORDER BY id"))
            result.Add((post.Title, await session.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {post.AuthorId}")));
        return result;
    }

    [Fact]
    public async Task The_n_plus_one_loop_throws_in_a_throw_scope_naming_the_calling_code()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        using var scope = db.Keel.Diagnostics.BeginScope(NPlusOneMode.Throw);
        var e = await Assert.ThrowsAsync<NPlusOneException>(() => PostsWithAuthorsOneByOneAsync(session));
        Assert.Equal(6, e.Detection.Executions);
        Assert.Contains("FROM authors WHERE id = $1", e.Detection.Sql, StringComparison.Ordinal);
        Assert.Contains(nameof(PostsWithAuthorsOneByOneAsync), e.Detection.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_batched_version_passes_the_same_scope()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        using var scope = db.Keel.Diagnostics.BeginScope(NPlusOneMode.Throw);
        var posts = await session.QueryAsync<Post>($"SELECT id, author_id, title FROM posts ORDER BY id");
        var authorIds = posts.Select(p => p.AuthorId).Distinct().ToArray();
        var authors = await session.QueryAsync<(int, string)>($"SELECT id, name FROM authors WHERE id = ANY({authorIds})");
        Assert.Equal(10, authors.Count);
    }

    [Fact]
    public async Task Warn_mode_raises_the_event_once_per_shape_and_lets_the_commands_run()
    {
        await using var keel = db.CreateDataSource(o => o.NPlusOneMode = NPlusOneMode.Warn);
        var detections = new List<NPlusOneDetectedEventArgs>();
        keel.Diagnostics.NPlusOneDetected += (_, e) => detections.Add(e);
        await using var session = await keel.OpenSessionAsync();
        var rows = await PostsWithAuthorsOneByOneAsync(session);
        Assert.Equal(30, rows.Count);
        var detection = Assert.Single(detections);
        Assert.Equal(6, detection.Executions);
    }

    [Fact]
    public async Task Repeating_the_same_parameters_or_turning_it_off_reports_nothing()
    {
        await using var keel = db.CreateDataSource();
        var detections = 0;
        keel.Diagnostics.NPlusOneDetected += (_, _) => detections++;
        await using (var session = await keel.OpenSessionAsync())
        {
            for (var i = 0; i < 20; i++)
                await session.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {1}");
        }

        await using (var session = await keel.OpenSessionAsync())
        using (keel.Diagnostics.BeginScope(NPlusOneMode.Off))
        {
            await PostsWithAuthorsOneByOneAsync(session);
        }

        Assert.Equal(0, detections);
        Assert.Throws<ArgumentOutOfRangeException>(() => keel.Diagnostics.BeginScope(threshold: 0));
    }

    [Fact]
    public async Task A_scope_counts_across_sessions_of_one_request()
    {
        using var scope = db.Keel.Diagnostics.BeginScope(NPlusOneMode.Throw, threshold: 3);
        for (var id = 1; id <= 3; id++)
        {
            await using var session = await db.Keel.OpenSessionAsync();
            await session.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {id}");
        }

        await using var last = await db.Keel.OpenSessionAsync();
        await Assert.ThrowsAsync<NPlusOneException>(() => last.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {4}"));
    }
}
