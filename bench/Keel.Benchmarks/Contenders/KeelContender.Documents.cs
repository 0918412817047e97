namespace Keel.Benchmarks;

/// <summary>
/// W4 through Keel's document repository, as docs/documents.md shows it: the type registered on its own table
/// with the shared source-generated serializer, <c>InsertAsync</c> on a repository bound to the transaction with
/// <c>.In(tx)</c>, <c>BulkInsertAsync</c> and <c>LoadAsync</c> on one bound to the session.
/// </summary>
internal sealed partial class KeelContender
{
    public const string DocumentTable = "bench_docs_keel";

    private readonly DocumentRepository<BenchDoc> _documents;

    public async Task<long> InsertDocumentsAsync(BenchDoc[] documents, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Session.BeginTransactionAsync(cancellationToken: cancellationToken);
        var repository = _documents.In(transaction);
        for (var i = 0; i < count; i++)
            await repository.InsertAsync(documents[i], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>One call on a repository bound to the session: Keel opens the transaction and runs the binary COPY.</summary>
    public Task<long> BulkInsertDocumentsAsync(BenchDoc[] documents, int count, CancellationToken cancellationToken)
        => _documents.In(Session).BulkInsertAsync(new ArraySegment<BenchDoc>(documents, 0, count), cancellationToken: cancellationToken);

    public async Task<long> GetDocumentsAsync(BenchDoc[] documents, int[] picks, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var repository = _documents.In(Session);
        for (var i = 0; i < count; i++)
        {
            var document = await repository.LoadAsync(documents[picks[i]].Id, cancellationToken);
            if (document is not null)
                checksum += document.Number;
        }

        return checksum;
    }

    private static DocumentRepository<BenchDoc> RegisterDocuments(KeelDataSource keel)
    {
        keel.Documents.For<BenchDoc>(d => d.Table(DocumentTable).Json(BenchDocJsonContext.Default.BenchDoc));
        return new DocumentRepository<BenchDoc>(keel);
    }
}
