namespace Keel;

/// <summary>A statement together with its tokens (comments excluded), for the linter.</summary>
internal sealed record ParsedStatement(SqlStatement Statement, IReadOnlyList<SqlToken> Tokens);
