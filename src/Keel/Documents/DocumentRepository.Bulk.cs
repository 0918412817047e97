using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Keel;

/// <summary>Bulk loading over binary COPY.</summary>
public partial class DocumentRepository<T, TId>
{
    private const int ProgressEvery = 1000;

    /// <summary>
    /// Loads many documents in one transaction over binary COPY (the repository's transaction when bound to one,
    /// else its own). Empty Guid ids get version-7 ids. <paramref name="progress"/> gets the running count every
    /// 1,000 documents and at the end. Returns how many documents were inserted or replaced.
    /// </summary>
    /// <exception cref="UniqueViolationException">With <see cref="BulkMode.InsertOnly"/>, a duplicate id; nothing was written.</exception>
    public Task<long> BulkInsertAsync(IEnumerable<T> documents, BulkMode mode = BulkMode.InsertOnly, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown bulk mode.");
        return RunAsync(async (executor, ct) =>
        {
            if (executor is KeelTransaction or KeelSession { CurrentTransaction: not null })
                return await LoadAsync(executor, documents, mode, progress, ct).ConfigureAwait(false);
            var session = (KeelSession)executor;
            return await session.InTransactionAsync((tx, c) => LoadAsync(tx, documents, mode, progress, c), new TransactionOptions { MaxRetries = 0 }, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    private async Task<long> LoadAsync(SqlExecutor executor, IEnumerable<T> documents, BulkMode mode, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var columns = new List<string> { "id" };
        if (Mapping.IsMultiTenant)
            columns.Add("tenant_id");
        columns.Add("data");
        columns.AddRange(Mapping.Duplicates.Select(d => d.Column));
        var tenant = Mapping.IsMultiTenant ? RequiredTenant() : null;

        Sql target = Table;
        if (mode != BulkMode.InsertOnly)
        {
            target = Sql.Identifier("keel_bulk_" + Mapping.Table[..Math.Min(Mapping.Table.Length, 40)]);
            await executor.ExecuteAsync($"CREATE TEMP TABLE {target} (LIKE {Table} INCLUDING DEFAULTS) ON COMMIT DROP", cancellationToken).ConfigureAwait(false);
        }

        var written = await executor.CopyInAsync(target, columns, async (importer, ct) =>
        {
            long count = 0;
            foreach (var document in documents)
            {
                ArgumentNullException.ThrowIfNull(document, nameof(documents));
                var id = EnsureId(document);
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await importer.WriteAsync(id, IdDbType, ct).ConfigureAwait(false);
                if (tenant is not null)
                    await importer.WriteAsync(tenant, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await importer.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(document, Mapping.TypeInfo), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
                foreach (var duplicate in Mapping.Duplicates)
                    await WriteDuplicateAsync(importer, duplicate, duplicate.Read(document), ct).ConfigureAwait(false);
                if (++count % ProgressEvery == 0)
                    progress?.Report(count);
            }
        }, cancellationToken).ConfigureAwait(false);

        if (mode != BulkMode.InsertOnly)
        {
            var list = Sql.Raw(string.Join(", ", columns.Select(SqlIdentifiers.Quote)));
            var conflict = Sql.Raw(Mapping.IsMultiTenant ? "tenant_id, id" : "id");
            Sql action = mode == BulkMode.IgnoreDuplicates
                ? Sql.Raw("DO NOTHING")
                : Sql.Raw("DO UPDATE SET data = EXCLUDED.data, version = t.version + 1, updated = now()"
                    + (Mapping.IsSoftDeleted ? ", deleted_at = NULL" : string.Empty)
                    + string.Concat(Mapping.Duplicates.Select(d => $", {SqlIdentifiers.Quote(d.Column)} = EXCLUDED.{SqlIdentifiers.Quote(d.Column)}")));
            written = await executor.ExecuteAsync(
                $"INSERT INTO {Table} AS t ({list}) SELECT {list} FROM {target} ON CONFLICT ({conflict}) {action}", cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written);
        return written;
    }

    private NpgsqlDbType IdDbType => Mapping.IdSqlType switch
    {
        "uuid" => NpgsqlDbType.Uuid,
        "text" => NpgsqlDbType.Text,
        "bigint" => NpgsqlDbType.Bigint,
        _ => NpgsqlDbType.Integer,
    };

    private static Task WriteDuplicateAsync(NpgsqlBinaryImporter importer, DuplicatedMember duplicate, object? value, CancellationToken cancellationToken)
    {
        if (value is null)
            return importer.WriteNullAsync(cancellationToken);
        var type = duplicate.SqlType switch
        {
            "timestamptz" => NpgsqlDbType.TimestampTz,
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "numeric" => NpgsqlDbType.Numeric,
            "boolean" => NpgsqlDbType.Boolean,
            "date" => NpgsqlDbType.Date,
            "uuid" => NpgsqlDbType.Uuid,
            _ => NpgsqlDbType.Text,
        };
        return importer.WriteAsync(value, type, cancellationToken);
    }
}
