using System.Text;

namespace Keel;

/// <summary>Writes a <see cref="StatementTemplate{T}"/> left to right: constant text, then a parameter, and so on.</summary>
internal sealed class StatementBuilder<T>
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _literals = [];
    private readonly List<Func<T, SqlValue>?> _values = [];

    public StatementBuilder<T> Text(string text)
    {
        _text.Append(text);
        return this;
    }

    public StatementBuilder<T> Value(Func<T, SqlValue> value) => Slot(value);

    /// <summary>The tenant's parameter, filled when the statement is composed.</summary>
    public StatementBuilder<T> Tenant() => Slot(null);

    public StatementTemplate<T> Build() => new([.. _literals, _text.ToString()], [.. _values]);

    private StatementBuilder<T> Slot(Func<T, SqlValue>? value)
    {
        _literals.Add(_text.ToString());
        _text.Clear();
        _values.Add(value);
        return this;
    }
}
