namespace Keel;

/// <summary>An expression index on a document member, or a duplicated column's index.</summary>
internal sealed record DocumentIndex(MemberPath Path, bool Unique);
