namespace Keel;

/// <summary>
/// A check constraint in trusted SQL over the table's columns: <c>[Check("price &gt; 0")]</c> on a property or the
/// class. Named <see cref="Name"/>, else <c>{table}_{column}_check</c> (or <c>{table}_check</c> on the class).
/// </summary>
/// <param name="sql">The condition, as SQL text written by the developer (never user input).</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CheckAttribute(string sql) : Attribute
{
    /// <summary>The condition.</summary>
    public string Sql { get; } = sql;

    /// <summary>The constraint name; null for the default.</summary>
    public string? Name { get; set; }
}
