using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>One migration as found in its source: a SQL file or a C# class.</summary>
public sealed class MigrationScript
{
    internal MigrationScript(long? version, string description, MigrationKind kind, string script, string checksum, string? upSql, string? downSql,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type? type, MigrationDirectives directives)
    {
        Version = version;
        Description = description;
        Kind = kind;
        Script = script;
        Checksum = checksum;
        UpSql = upSql;
        DownSql = downSql;
        Type = type;
        Directives = directives;
    }

    /// <summary>The version; null for a repeatable migration.</summary>
    public long? Version { get; }

    /// <summary>What it does (from the file name or the attribute).</summary>
    public string Description { get; }

    /// <summary>SQL, C# or repeatable.</summary>
    public MigrationKind Kind { get; }

    /// <summary>The file name or the C# type's full name.</summary>
    public string Script { get; }

    /// <summary>SHA-256 (hex) of the up script; for C#, of the type's full name and version.</summary>
    public string Checksum { get; }

    /// <summary>The up SQL of a SQL migration.</summary>
    public string? UpSql { get; }

    /// <summary>The down SQL, if the file has a <c>-- keel:down</c> part or a paired <c>U</c> file.</summary>
    public string? DownSql { get; }

    /// <summary>True when the migration can be rolled back.</summary>
    public bool HasDown => Kind == MigrationKind.CSharp ? ((Migration)Activator.CreateInstance(Type!)!).HasDown : DownSql is not null;

    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    internal Type? Type { get; }

    internal MigrationDirectives Directives { get; }

    /// <summary><c>V3 add_posts</c>, for messages.</summary>
    public override string ToString() => Version is { } v ? $"V{v} {Description} ({Script})" : $"R {Description} ({Script})";
}
