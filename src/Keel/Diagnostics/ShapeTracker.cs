namespace Keel;

/// <summary>
/// Counts, per statement text, the distinct parameter sets seen in one scope, and says when a shape first goes over
/// the threshold. After that the shape is only looked up, so a long loop costs one dictionary probe per command.
/// </summary>
internal sealed class ShapeTracker
{
    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>True exactly once per shape: when its distinct parameter sets exceed <paramref name="threshold"/>.</summary>
    public bool Observe(string text, Sql sql, int threshold, out int executions)
    {
        lock (_gate)
        {
            if (!_shapes.TryGetValue(text, out var shape))
                _shapes[text] = shape = new Shape();
            executions = 0;
            // A shape already reported costs only the lookup above.
            if (shape.Reported || !shape.Seen.Add(ParameterHash(sql)))
                return false;
            executions = shape.Seen.Count;
            if (executions <= threshold)
                return false;
            shape.Reported = true;
            shape.Seen.Clear();
            return true;
        }
    }

    private static int ParameterHash(Sql sql)
    {
        var hash = new HashCode();
        for (var i = 0; i < sql.PartCount; i++)
        {
            if (sql.PartAt(i).Value is { } value)
                hash.Add(value.ValueHashCode());
        }

        return hash.ToHashCode();
    }

    private sealed class Shape
    {
        public HashSet<int> Seen { get; } = [];

        public bool Reported { get; set; }
    }
}
