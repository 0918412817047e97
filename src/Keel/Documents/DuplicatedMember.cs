namespace Keel;

/// <summary>A document member copied into a real column on every write, so it can be indexed and queried as one.</summary>
internal sealed record DuplicatedMember(MemberPath Path, string Column, string SqlType, Func<object, object?> Read);
