using System.Text;

namespace Keel;

/// <summary>The DDL of a document table: what migrations consume and <c>EnsureSchemaAsync</c> runs.</summary>
public sealed partial class DocumentMapping<T>
{
    /// <summary>
    /// Idempotent DDL for the table and its indexes (<c>CREATE ... IF NOT EXISTS</c>), one statement per line, e.g.
    /// <c>CREATE TABLE IF NOT EXISTS "public"."cars" (id uuid NOT NULL, data jsonb NOT NULL, version integer NOT NULL ...)</c>.
    /// </summary>
    public string SchemaSql => string.Join(Environment.NewLine, SchemaStatements) + Environment.NewLine;

    IReadOnlyList<string> ISchemaSource.SchemaStatements => SchemaStatements;

    internal IReadOnlyList<string> SchemaStatements
    {
        get
        {
            var table = SqlIdentifiers.Quote(Schema) + "." + SqlIdentifiers.Quote(Table);
            var columns = new StringBuilder();
            columns.Append($"id {IdSqlType} NOT NULL, ");
            if (IsMultiTenant)
                columns.Append("tenant_id text NOT NULL, ");
            columns.Append("data jsonb NOT NULL, version integer NOT NULL DEFAULT 1, created timestamptz NOT NULL DEFAULT now(), updated timestamptz");
            if (IsSoftDeleted)
                columns.Append(", deleted_at timestamptz");
            foreach (var duplicate in Duplicates)
                columns.Append(", ").Append(SqlIdentifiers.Quote(duplicate.Column)).Append(' ').Append(duplicate.SqlType);
            columns.Append(IsMultiTenant ? ", PRIMARY KEY (tenant_id, id)" : ", PRIMARY KEY (id)");

            var statements = new List<string>();
            if (Schema != "public")
                statements.Add($"CREATE SCHEMA IF NOT EXISTS {SqlIdentifiers.Quote(Schema)};");
            statements.Add($"CREATE TABLE IF NOT EXISTS {table} ({columns});");
            var tenantPrefix = IsMultiTenant ? "tenant_id, " : string.Empty;
            foreach (var index in Indexes)
            {
                var expression = DuplicateFor(index.Path) is { } duplicate ? SqlIdentifiers.Quote(duplicate.Column) : "(" + Target.ValueText(index.Path) + ")";
                var name = IndexName(index.Unique ? "uk" : "idx", index.Path);
                statements.Add($"CREATE {(index.Unique ? "UNIQUE " : string.Empty)}INDEX IF NOT EXISTS {SqlIdentifiers.Quote(name)} ON {table} ({tenantPrefix}{expression});");
            }

            foreach (var duplicate in Duplicates)
            {
                if (Indexes.Any(i => DuplicateFor(i.Path) == duplicate))
                    continue;
                var name = IndexName("idx", duplicate.Path);
                statements.Add($"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(name)} ON {table} ({tenantPrefix}{SqlIdentifiers.Quote(duplicate.Column)});");
            }

            if (HasGinIndex)
                statements.Add($"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(Truncate(Table + "_data_gin"))} ON {table} USING gin (data jsonb_path_ops);");
            if (IsSoftDeleted)
                statements.Add($"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(Truncate(Table + "_live_idx"))} ON {table} ({tenantPrefix}id) WHERE deleted_at IS NULL;");
            return statements;
        }
    }

    private string IndexName(string suffix, MemberPath path)
        => Truncate($"{Table}_{string.Join('_', path.Members.Select(m => NameConvention.ToSnakeCase(m.Name)))}_{suffix}");

    // PostgreSQL truncates names at 63 bytes; Keel keeps them within it so IF NOT EXISTS matches the same name next time.
    private static string Truncate(string name) => name.Length <= 63 ? name : name[..55] + "_" + ((ulong)AdvisoryLockKey.From(name) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
}
