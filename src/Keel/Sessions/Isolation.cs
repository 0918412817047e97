namespace Keel;

/// <summary>PostgreSQL transaction isolation levels (READ UNCOMMITTED behaves as READ COMMITTED there, so it is not offered).</summary>
public enum Isolation
{
    /// <summary>Each statement sees data committed before it began. PostgreSQL's default.</summary>
    ReadCommitted,

    /// <summary>All statements see one snapshot taken at the first statement; concurrent updates fail with 40001.</summary>
    RepeatableRead,

    /// <summary>As if transactions ran one at a time; conflicts fail with 40001 and are retried by <c>InTransactionAsync</c>.</summary>
    Serializable,
}
