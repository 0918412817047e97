using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Keel.Benchmarks;

/// <summary>
/// W4 by hand: jsonb written from UTF-8 bytes (no string in between) through typed parameters of reused, prepared
/// commands, and read back as bytes. The same source-generated serializer as every other contender.
/// </summary>
internal sealed partial class RawNpgsqlContender
{
    private NpgsqlCommand? _getDocument;
    private NpgsqlParameter<Guid>? _getDocumentId;
    private NpgsqlCommand? _insertDocument;
    private NpgsqlParameter<Guid>? _insertDocumentId;
    private NpgsqlParameter<byte[]>? _insertDocumentData;

    public async Task<long> InsertDocumentsAsync(BenchDoc[] documents, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var document = documents[i];
            _insertDocumentId!.TypedValue = document.Id;
            _insertDocumentData!.TypedValue = JsonSerializer.SerializeToUtf8Bytes(document, BenchDocJsonContext.Default.BenchDoc);
            await _insertDocument!.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> CopyDocumentsAsync(BenchDoc[] documents, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        await using (var importer = await Connection.BeginBinaryImportAsync(BenchSql.CopyDocuments, cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                var document = documents[i];
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(document.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(document, BenchDocJsonContext.Default.BenchDoc), NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> GetDocumentsAsync(BenchDoc[] documents, int[] picks, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            _getDocumentId!.TypedValue = documents[picks[i]].Id;
            await using var reader = await _getDocument!.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var document = JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), BenchDocJsonContext.Default.BenchDoc);
                checksum += document!.Number;
            }
        }

        return checksum;
    }

    private async Task OpenDocumentsAsync(CancellationToken cancellationToken)
    {
        _getDocumentId = new NpgsqlParameter<Guid>();
        _getDocument = new NpgsqlCommand(BenchSql.GetDocument, Connection) { Parameters = { _getDocumentId } };
        _insertDocumentId = new NpgsqlParameter<Guid>();
        _insertDocumentData = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Jsonb };
        _insertDocument = new NpgsqlCommand(BenchSql.InsertDocument, Connection) { Parameters = { _insertDocumentId, _insertDocumentData } };
        if (!_prepare)
            return;
        await _getDocument.PrepareAsync(cancellationToken);
        await _insertDocument.PrepareAsync(cancellationToken);
    }

    private async ValueTask DisposeDocumentsAsync()
    {
        if (_insertDocument is not null)
            await _insertDocument.DisposeAsync();
        if (_getDocument is not null)
            await _getDocument.DisposeAsync();
    }
}
