using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Keel.Benchmarks;

/// <summary>W4: the document store against the same jsonb table layout written and read by hand and with Dapper.</summary>
internal static partial class WorkloadCatalog
{
    private const string DocumentTables = "bench_docs, " + KeelContender.DocumentTable;

    private static void AddDocumentWorkloads(List<Workload> workloads, BenchSettings settings, ContenderSet c, NpgsqlDataSource admin)
    {
        var data = DocumentData.Create(settings.Scale(DocumentData.DocumentCount), settings.Scale(20_000));
        var documents = data.Documents;
        var picks = data.Picks;
        var operations = documents.Length;
        Func<CancellationToken, Task> truncate = ct => ExecuteAsync(admin, "TRUNCATE " + DocumentTables, ct);
        Func<long, int, CancellationToken, Task> verify = (_, n, ct) => ExpectDocumentsAsync(admin, data, n, ct);

        workloads.Add(new Workload("documents-insert", "W4a insert documents, one by one", operations,
        [
            new(RawPrepared, (n, ct) => c.RawPrepared.InsertDocumentsAsync(documents, n, ct), IsBaseline: true),
            new("Dapper", (n, ct) => c.Dapper.InsertDocumentsAsync(documents, n, ct)),
            new("Keel InsertAsync", (n, ct) => c.Keel.InsertDocumentsAsync(documents, n, ct)),
        ])
        {
            ResetAsync = truncate,
            VerifyAsync = verify,
        });

        workloads.Add(new Workload("documents-bulk", "W4b bulk insert documents", operations,
        [
            new("raw binary COPY", (n, ct) => c.RawPrepared.CopyDocumentsAsync(documents, n, ct), IsBaseline: true),
            new("Keel BulkInsertAsync", (n, ct) => c.Keel.BulkInsertDocumentsAsync(documents, n, ct)),
        ])
        {
            ResetAsync = truncate,
            VerifyAsync = verify,
        });

        var seeded = false;
        workloads.Add(new Workload("documents-get-by-id", "W4c get document by id", picks.Length,
        [
            new(RawPrepared, (n, ct) => c.RawPrepared.GetDocumentsAsync(documents, picks, n, ct), IsBaseline: true),
            new("Dapper", (n, ct) => c.Dapper.GetDocumentsAsync(documents, picks, n, ct)),
            new("Keel LoadAsync", (n, ct) => c.Keel.GetDocumentsAsync(documents, picks, n, ct)),
        ])
        {
            // Once, untimed: both tables hold the same documents (the insert workloads leave them in any state).
            ResetAsync = async ct =>
            {
                if (seeded)
                    return;
                await SeedDocumentsAsync(admin, documents, ct);
                seeded = true;
            },
            VerifyAsync = (checksum, n, _) => Expect(checksum, data.SumOfPickedNumbers(n), "documents-get-by-id"),
        });
    }

    /// <summary>
    /// After an insert run exactly one of the two tables holds the documents: the right number of rows, and the
    /// same sums of a top-level member and of the nested list lengths as the input, with the nested object present.
    /// </summary>
    private static async Task ExpectDocumentsAsync(NpgsqlDataSource admin, DocumentData data, int expected, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand($"""
            SELECT count(*), coalesce(sum((data->>'quantity')::bigint), 0), coalesce(sum(jsonb_array_length(data->'lines')), 0),
                   count(*) FILTER (WHERE data->'shipTo'->>'city' IS NOT NULL AND version = 1)
            FROM (SELECT data, version FROM bench_docs UNION ALL SELECT data, version FROM {KeelContender.DocumentTable}) d
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (rows, quantities, lines, complete) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        long expectedLines = 0;
        for (var i = 0; i < expected; i++)
            expectedLines += data.Documents[i].Lines.Count;
        if (rows != expected || quantities != data.SumOfQuantities(expected) || lines != expectedLines || complete != expected)
            throw new InvalidOperationException($"documents: {rows} rows, quantity sum {quantities}, {lines} lines, {complete} complete; expected {expected} rows, {data.SumOfQuantities(expected)}, {expectedLines} lines.");
    }

    private static async Task SeedDocumentsAsync(NpgsqlDataSource admin, BenchDoc[] documents, CancellationToken cancellationToken)
    {
        await ExecuteAsync(admin, "TRUNCATE " + DocumentTables, cancellationToken);
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        foreach (var table in new[] { "bench_docs", KeelContender.DocumentTable })
        {
            await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} (id, data) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var document in documents)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(document.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(document, BenchDocJsonContext.Default.BenchDoc), NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // One statement per command: VACUUM refuses to run in the implicit transaction of a multi-statement command.
        foreach (var table in new[] { "bench_docs", KeelContender.DocumentTable })
        {
            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE " + table, connection);
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
