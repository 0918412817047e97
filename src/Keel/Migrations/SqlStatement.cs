namespace Keel;

/// <summary>
/// One statement of a SQL script, as split by <see cref="SqlScript.Split"/>.
/// </summary>
/// <param name="Text">The statement's text, trimmed, without the terminating semicolon; comments inside it are kept.</param>
/// <param name="Line">The 1-based line of the statement's first token in the script.</param>
/// <param name="Column">The 1-based column (in UTF-16 code units) of the statement's first token.</param>
public sealed record SqlStatement(string Text, int Line, int Column);
