namespace Keel;

/// <summary>Something that contributes DDL: a document mapping today, relational mappings later.</summary>
internal interface ISchemaSource
{
    string SchemaSql { get; }

    IReadOnlyList<string> SchemaStatements { get; }
}
