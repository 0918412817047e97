namespace Keel;

/// <summary>What a projection asks of a collection navigation: <c>x.Orders.Count()</c>, <c>LongCount()</c> or <c>Any()</c>.</summary>
internal enum RelationAggregate
{
    /// <summary><c>Count()</c> or the <c>Count</c> property: an <c>integer</c>.</summary>
    Count,

    /// <summary><c>LongCount()</c>: a <c>bigint</c>.</summary>
    LongCount,

    /// <summary><c>Any()</c>: a <c>boolean</c>.</summary>
    Any,
}
