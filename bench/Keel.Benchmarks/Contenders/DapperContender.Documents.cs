using System.Text.Json;
using Dapper;

namespace Keel.Benchmarks;

/// <summary>
/// W4 with plain Dapper, as its users store JSON: the document serialized to a string and cast with <c>::jsonb</c>
/// in the SQL, and read back as a string.
/// </summary>
internal sealed partial class DapperContender
{
    private const string InsertDocumentSql = "INSERT INTO bench_docs (id, data) VALUES (@Id, @Data::jsonb)";
    private const string GetDocumentSql = "SELECT data FROM bench_docs WHERE id = @id";

    public async Task<long> InsertDocumentsAsync(BenchDoc[] documents, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var document = documents[i];
            var json = JsonSerializer.Serialize(document, BenchDocJsonContext.Default.BenchDoc);
            await Connection.ExecuteAsync(new CommandDefinition(InsertDocumentSql, new { document.Id, Data = json }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> GetDocumentsAsync(BenchDoc[] documents, int[] picks, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            var command = new CommandDefinition(GetDocumentSql, new { id = documents[picks[i]].Id }, cancellationToken: cancellationToken);
            var json = await Connection.QuerySingleOrDefaultAsync<string>(command);
            if (json is not null)
                checksum += JsonSerializer.Deserialize(json, BenchDocJsonContext.Default.BenchDoc)!.Number;
        }

        return checksum;
    }
}
