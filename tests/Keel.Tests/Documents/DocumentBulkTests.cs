namespace Keel.Tests.Documents;

public sealed class DocumentBulkTests(CarsFixture db) : IClassFixture<CarsFixture>
{
    private readonly DocumentRepository<Note, long> _notes = new(db.Keel);

    private static List<Note> Notes(int from, int count, string text = "n") => [.. Enumerable.Range(from, count).Select(i => new Note { Id = i, Text = text + i })];

    private async Task ResetAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"TRUNCATE notes");
    }

    [Fact]
    public async Task Bulk_modes_insert_ignore_and_overwrite_with_progress()
    {
        await ResetAsync();
        var reported = new List<long>();
        var progress = new SynchronousProgress(reported.Add);
        Assert.Equal(2500, await _notes.BulkInsertAsync(Notes(1, 2500), progress: progress));
        Assert.Equal([1000, 2000, 2500], reported);
        Assert.Equal("n42", (await _notes.LoadAsync(42))!.Text);

        // 2,001..3,000: 500 already there, 500 new.
        Assert.Equal(500, await _notes.BulkInsertAsync(Notes(2001, 1000, "x"), BulkMode.IgnoreDuplicates));
        Assert.Equal("n2001", (await _notes.LoadAsync(2001))!.Text);
        Assert.Equal("x2501", (await _notes.LoadAsync(2501))!.Text);

        Assert.Equal(1000, await _notes.BulkInsertAsync(Notes(2001, 1000, "y"), BulkMode.Overwrite));
        var overwritten = (await _notes.LoadStoredAsync(2001))!;
        Assert.Equal("y2001", overwritten.Document.Text);
        Assert.Equal(2, overwritten.Version);
        Assert.Equal(3000, await _notes.CountAsync());
    }

    [Fact]
    public async Task An_insert_only_load_with_a_duplicate_writes_nothing()
    {
        await ResetAsync();
        await _notes.InsertAsync(new Note { Id = 5, Text = "existing" });
        await Assert.ThrowsAsync<UniqueViolationException>(() => _notes.BulkInsertAsync(Notes(1, 10)));
        Assert.Equal(1, await _notes.CountAsync());
        Assert.Equal("existing", (await _notes.LoadAsync(5))!.Text);
    }

    [Fact]
    public async Task A_bound_bulk_load_commits_or_rolls_back_with_its_transaction()
    {
        await ResetAsync();
        await using (var s = await db.Keel.OpenSessionAsync())
        await using (var tx = await s.BeginTransactionAsync())
        {
            await _notes.In(tx).BulkInsertAsync(Notes(1, 100));
            Assert.Equal(100, await _notes.In(tx).CountAsync());
        }

        Assert.Equal(0, await _notes.CountAsync());
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
