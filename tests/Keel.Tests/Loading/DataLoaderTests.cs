using System.Collections.Concurrent;

namespace Keel.Tests.Loading;

public sealed record LoaderAuthor(int Id, string Name);

public sealed class DataLoaderTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string AuthorsQuery = "FROM loader_authors";

    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS loader_authors (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE IF NOT EXISTS loader_posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES loader_authors(id), title text NOT NULL);
            INSERT INTO loader_authors SELECT g, 'author ' || g FROM generate_series(1, 100) g ON CONFLICT DO NOTHING;
            INSERT INTO loader_posts SELECT g, 1 + (g % 10), 'post ' || g FROM generate_series(1, 30) g ON CONFLICT DO NOTHING;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Post(int Id, int AuthorId, string Title);

    /// <summary>A loader over one session that also records the keys of every batch it sends.</summary>
    private DataLoader<int, LoaderAuthor> AuthorLoader(KeelSession session, ConcurrentQueue<int[]> batches, DataLoaderOptions? options = null)
        => db.Keel.Loader<int, LoaderAuthor>(
            (ids, ct) =>
            {
                batches.Enqueue([.. ids]);
                return session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors WHERE id = ANY({ids})", ct);
            },
            a => a.Id,
            options);

    [Fact]
    public async Task Posts_with_authors_through_the_loader_send_one_authors_command()
    {
        using var spans = new CommandSpanRecorder();
        await using var session = await db.Keel.OpenSessionAsync();
        var batches = new ConcurrentQueue<int[]>();
        var authors = AuthorLoader(session, batches);

        var posts = await session.QueryAsync<Post>($"SELECT id, author_id, title FROM loader_posts ORDER BY id");
        var loaded = await Task.WhenAll(posts.Select(p => authors.LoadAsync(p.AuthorId)));

        Assert.Equal(1, spans.Count(AuthorsQuery));
        var batch = Assert.Single(batches);
        Assert.Equal(posts.Select(p => p.AuthorId).Distinct(), batch);
        Assert.All(posts.Zip(loaded), pair => Assert.Equal($"author {pair.First.AuthorId}", pair.Second!.Name));
    }

    [Fact]
    public async Task Keys_are_deduplicated_and_results_follow_the_callers_order()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var batches = new ConcurrentQueue<int[]>();
        var authors = AuthorLoader(session, batches);

        var many = authors.LoadManyAsync([3, 1, 3, 2, 1]);
        var single = authors.LoadAsync(2);

        Assert.Equal(["author 3", "author 1", "author 3", "author 2", "author 1"], (await many).Select(a => a!.Name));
        Assert.Equal("author 2", (await single)!.Name);
        Assert.Equal([3, 1, 2], Assert.Single(batches));
        Assert.Empty(await authors.LoadManyAsync([]));
    }

    [Fact]
    public async Task Missing_keys_load_as_null_and_LoadRequiredAsync_throws_LoaderKeyNotFoundException()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var batches = new ConcurrentQueue<int[]>();
        var authors = AuthorLoader(session, batches);

        var loaded = await authors.LoadManyAsync([1, 404]);
        Assert.Equal("author 1", loaded[0]!.Name);
        Assert.Null(loaded[1]);

        var e = await Assert.ThrowsAsync<LoaderKeyNotFoundException>(() => authors.LoadRequiredAsync(404));
        Assert.Equal(404, e.Key);
        Assert.Equal(typeof(LoaderAuthor), e.ValueType);
        Assert.Equal("author 1", (await authors.LoadRequiredAsync(1)).Name);
        Assert.Single(batches);
    }

    [Fact]
    public async Task Cached_keys_are_not_fetched_again_until_cleared()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var batches = new ConcurrentQueue<int[]>();
        var authors = AuthorLoader(session, batches);

        await authors.LoadManyAsync([1, 2]);
        await authors.LoadManyAsync([1, 2, 3]);
        authors.Clear(1);
        await authors.LoadManyAsync([1, 2, 3]);
        authors.Clear();
        await authors.LoadAsync(2);

        Assert.Equal<int[]>([[1, 2], [3], [1], [2]], [.. batches]);
    }

    [Fact]
    public async Task A_failed_batch_fails_every_waiter_and_is_not_cached()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var calls = 0;
        var authors = db.Keel.Loader<int, LoaderAuthor>(
            (ids, ct) => Interlocked.Increment(ref calls) == 1
                ? session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_missing_table WHERE id = ANY({ids})", ct)
                : session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors WHERE id = ANY({ids})", ct),
            a => a.Id);

        var first = authors.LoadAsync(1);
        var second = authors.LoadAsync(2);
        var e1 = await Assert.ThrowsAsync<KeelDatabaseException>(() => first);
        var e2 = await Assert.ThrowsAsync<KeelDatabaseException>(() => second);
        Assert.Same(e1, e2);
        Assert.Equal("42P01", e1.SqlState);

        Assert.Equal(["author 1", "author 2"], (await authors.LoadManyAsync([1, 2])).Select(a => a!.Name));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Cancelling_one_caller_leaves_the_batch_to_the_others()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var authors = db.Keel.Loader<int, LoaderAuthor>(
            async (ids, ct) =>
            {
                started.TrySetResult();
                await release.Task;
                return await session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors WHERE id = ANY({ids})", ct);
            },
            a => a.Id);

        using var cancel = new CancellationTokenSource();
        var canceled = authors.LoadAsync(1, cancel.Token);
        var other = authors.LoadAsync(1);
        var many = authors.LoadManyAsync([2, 1]);
        await started.Task;
        await cancel.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => canceled);
        release.SetResult();
        Assert.Equal("author 1", (await other)!.Name);
        Assert.Equal(["author 2", "author 1"], (await many).Select(a => a!.Name));
    }

    [Fact]
    public async Task Cancelling_the_loader_lifetime_cancels_its_batches_without_sending_them()
    {
        using var spans = new CommandSpanRecorder();
        await using var session = await db.Keel.OpenSessionAsync();
        using var lifetime = new CancellationTokenSource();
        var authors = db.Keel.Loader<int, LoaderAuthor>(
            (ids, ct) => session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors WHERE id = ANY({ids}) AND name <> 'lifetime'", ct),
            a => a.Id,
            cancellationToken: lifetime.Token);
        await lifetime.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => authors.LoadAsync(1));
        Assert.Equal(0, spans.Count("name <> 'lifetime'"));
    }

    [Fact]
    public async Task Big_batches_are_split_by_MaxBatchSize_and_measured()
    {
        using var meter = new MeterRecorder();
        await using var session = await db.Keel.OpenSessionAsync();
        var batches = new ConcurrentQueue<int[]>();
        var authors = AuthorLoader(session, batches, new DataLoaderOptions { MaxBatchSize = 4 });

        var loaded = await authors.LoadManyAsync(Enumerable.Range(1, 10));

        Assert.Equal(Enumerable.Range(1, 10), loaded.Select(a => a!.Id));
        Assert.Equal([4, 4, 2], batches.Select(b => b.Length));
        var ours = meter.Measurements.Where(m => m.Tags.Any(t => t is { Key: "loader", Value: nameof(LoaderAuthor) })).ToList();
        Assert.Equal(3, ours.Count(m => m.Instrument == "keel.loader.batches"));
        Assert.Equal([4.0, 4.0, 2.0], ours.Where(m => m.Instrument == "keel.loader.keys").Select(m => m.Value));
    }

    [Fact]
    public async Task Many_tasks_loading_at_once_get_their_own_values_and_each_key_is_fetched_once()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var batches = new ConcurrentQueue<int[]>();
        var inFlight = 0;
        var overlapped = false;
        var authors = db.Keel.Loader<int, LoaderAuthor>(
            async (ids, ct) =>
            {
                batches.Enqueue([.. ids]);
                if (Interlocked.Increment(ref inFlight) > 1)
                    overlapped = true;
                try
                {
                    return await session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors WHERE id = ANY({ids})", ct);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            },
            a => a.Id);

        var workers = Enumerable.Range(0, 32).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var round = 0; round < 20; round++)
            {
                var keys = Enumerable.Range(0, 5).Select(_ => random.Next(1, 121)).ToArray();
                var loaded = await Task.WhenAll(keys.Select(k => authors.LoadAsync(k)));
                for (var i = 0; i < keys.Length; i++)
                    Assert.Equal(keys[i] <= 100 ? $"author {keys[i]}" : null, loaded[i]?.Name);
            }
        }));
        await Task.WhenAll(workers);

        Assert.False(overlapped, "two batches ran at once on one session");
        var fetched = batches.SelectMany(b => b).ToList();
        Assert.Equal(fetched.Count, fetched.Distinct().Count());
        Assert.True(batches.Count < 32 * 20, $"{batches.Count} batches for {32 * 20} rounds of loads");
    }

    [Fact]
    public async Task The_n_plus_one_detector_in_throw_mode_stays_quiet_with_the_loader()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        using var scope = db.Keel.Diagnostics.BeginScope(NPlusOneMode.Throw);
        var authors = AuthorLoader(session, new ConcurrentQueue<int[]>());

        var posts = await session.QueryAsync<Post>($"SELECT id, author_id, title FROM loader_posts ORDER BY id");
        var byOne = await Task.WhenAll(posts.Select(p => authors.LoadAsync(p.AuthorId)));
        var byMany = await authors.LoadManyAsync(posts.Select(p => p.AuthorId + 10));

        Assert.All(byOne, Assert.NotNull);
        Assert.All(byMany, Assert.NotNull);
    }

    [Fact]
    public async Task Awaiting_loads_one_at_a_time_is_still_an_n_plus_one_and_is_detected()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        using var scope = db.Keel.Diagnostics.BeginScope(NPlusOneMode.Throw);
        var authors = AuthorLoader(session, new ConcurrentQueue<int[]>());

        var e = await Assert.ThrowsAsync<NPlusOneException>(async () =>
        {
            for (var id = 1; id <= 10; id++)
                await authors.LoadAsync(id);
        });
        Assert.Contains("FROM loader_authors WHERE id = ANY($1)", e.Detection.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_batch_results_and_options_are_refused_with_typed_exceptions()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var duplicated = db.Keel.Loader<int, LoaderAuthor>(
            (ids, ct) => session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors, generate_series(1, 2) WHERE id = ANY({ids})", ct),
            a => a.Id);
        var e = await Assert.ThrowsAsync<KeelException>(() => duplicated.LoadAsync(1));
        Assert.Contains("two rows for key '1'", e.Message, StringComparison.Ordinal);

        var nothing = db.Keel.Loader<int, LoaderAuthor>((_, _) => Task.FromResult<IReadOnlyDictionary<int, LoaderAuthor>>(null!));
        await Assert.ThrowsAsync<KeelException>(() => nothing.LoadAsync(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => AuthorLoader(session, new(), new DataLoaderOptions { MaxBatchSize = 0 }));
        var byName = db.Keel.Loader<string, LoaderAuthor>(
            (names, ct) => session.QueryAsync<LoaderAuthor>($"SELECT id, name FROM loader_authors WHERE name = ANY({names})", ct), a => a.Name);
        Assert.Equal(7, (await byName.LoadRequiredAsync("author 7")).Id);
        await Assert.ThrowsAsync<ArgumentNullException>(() => byName.LoadAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => byName.LoadManyAsync(["author 1", null!]));
    }
}
