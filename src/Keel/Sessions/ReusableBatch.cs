using Npgsql;

namespace Keel;

/// <summary>
/// The last batch a session sent, kept for the next one of the same shape — the same statements with values of
/// the same types, as a loop of batched inserts produces. Reusing it only overwrites parameter values: no new
/// batch, commands or parameters, no re-rendered text, and Npgsql keeps the type information it resolved.
/// </summary>
internal sealed class ReusableBatch(NpgsqlBatch batch, Sql[] shape) : IAsyncDisposable
{
    public NpgsqlBatch Batch { get; } = batch;

    public static ReusableBatch Create(NpgsqlConnection connection, IReadOnlyList<Sql> statements)
    {
        var batch = connection.CreateBatch();
        var shape = new Sql[statements.Count];
        for (var s = 0; s < statements.Count; s++)
        {
            var sql = statements[s];
            shape[s] = sql;
            var command = batch.CreateBatchCommand();
            command.CommandText = sql.Text;
            for (var i = 0; i < sql.PartCount; i++)
            {
                var value = sql.PartAt(i).Value;
                if (value is not null)
                    command.Parameters.Add(value.CreateParameter());
            }

            batch.BatchCommands.Add(command);
        }

        return new ReusableBatch(batch, shape);
    }

    /// <summary>True when <paramref name="statements"/> render to the same texts with the same parameter types.</summary>
    public bool Matches(IReadOnlyList<Sql> statements)
    {
        if (statements.Count != shape.Length)
            return false;
        for (var s = 0; s < shape.Length; s++)
        {
            var previous = shape[s];
            var next = statements[s];
            if (ReferenceEquals(previous, next))
                continue;
            if (previous.PartCount != next.PartCount)
                return false;
            for (var i = 0; i < previous.PartCount; i++)
            {
                ref readonly var a = ref previous.PartAt(i);
                ref readonly var b = ref next.PartAt(i);
                if (a.Literal is not null)
                {
                    // Literals from one call site are the same string instance; equal text from elsewhere also matches.
                    if (!ReferenceEquals(a.Literal, b.Literal) && !string.Equals(a.Literal, b.Literal, StringComparison.Ordinal))
                        return false;
                }
                else if (b.Value is null || a.Value!.GetType() != b.Value.GetType() || a.Value.ValueType != b.Value.ValueType || a.Value.DbType != b.Value.DbType)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Writes the values of <paramref name="statements"/> (which <see cref="Matches"/>) into the kept parameters.</summary>
    public void Assign(IReadOnlyList<Sql> statements)
    {
        var commands = Batch.BatchCommands;
        for (var s = 0; s < statements.Count; s++)
        {
            var sql = statements[s];
            var parameters = commands[s].Parameters;
            var index = 0;
            for (var i = 0; i < sql.PartCount; i++)
            {
                var value = sql.PartAt(i).Value;
                if (value is not null)
                    value.AssignTo(parameters[index++]);
            }

            shape[s] = sql;
        }
    }

    public ValueTask DisposeAsync() => Batch.DisposeAsync();
}
