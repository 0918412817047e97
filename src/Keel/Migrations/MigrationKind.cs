namespace Keel;

/// <summary>Where a migration comes from, as recorded in the history table's <c>type</c> column.</summary>
public enum MigrationKind
{
    /// <summary>A versioned SQL file (<c>V001__name.sql</c>).</summary>
    Sql,

    /// <summary>A C# class deriving from <see cref="Migration"/>.</summary>
    CSharp,

    /// <summary>A repeatable SQL file (<c>R__name.sql</c>), re-applied whenever its checksum changes.</summary>
    Repeatable,
}
