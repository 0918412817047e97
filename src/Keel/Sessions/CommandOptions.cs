namespace Keel;

/// <summary>Per-command settings, carried in one small value (cf. Dapper's CommandDefinition).</summary>
public readonly record struct CommandOptions
{
    /// <summary>Overrides <see cref="KeelOptions.CommandTimeout"/> for this command; null keeps the default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A row lock clause appended to the SELECT, e.g. <c>FOR UPDATE</c>.</summary>
    public RowLock Lock { get; init; }

    /// <summary>With <see cref="Lock"/>: wait, <c>NOWAIT</c> or <c>SKIP LOCKED</c>.</summary>
    public LockWait LockWait { get; init; }

    /// <summary>Row lock on rows of one statement only, e.g. <c>FOR UPDATE NOWAIT</c>.</summary>
    public static CommandOptions WithLock(RowLock rowLock, LockWait wait = LockWait.Wait) => new() { Lock = rowLock, LockWait = wait };

    internal string Apply(string text)
    {
        if (Lock == RowLock.None)
        {
            if (LockWait != LockWait.Wait)
                throw new InvalidOperationException("CommandOptions.LockWait needs a Lock (e.g. RowLock.ForUpdate).");
            return text;
        }

        var clause = Lock switch
        {
            RowLock.ForUpdate => " FOR UPDATE",
            RowLock.ForNoKeyUpdate => " FOR NO KEY UPDATE",
            RowLock.ForShare => " FOR SHARE",
            RowLock.ForKeyShare => " FOR KEY SHARE",
            _ => throw new InvalidOperationException($"Unknown row lock {Lock}."),
        };
        var wait = LockWait switch
        {
            LockWait.Wait => string.Empty,
            LockWait.NoWait => " NOWAIT",
            LockWait.SkipLocked => " SKIP LOCKED",
            _ => throw new InvalidOperationException($"Unknown lock wait {LockWait}."),
        };
        return string.Concat(text.TrimEnd().TrimEnd(';'), clause, wait);
    }
}
