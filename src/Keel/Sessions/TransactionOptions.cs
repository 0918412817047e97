namespace Keel;

/// <summary>How a transaction runs and, for <c>InTransactionAsync</c>, how it is retried.</summary>
public sealed record TransactionOptions
{
    /// <summary>READ COMMITTED, read-write, up to 10 retries starting at 5 ms.</summary>
    public static TransactionOptions Default { get; } = new();

    /// <summary>SERIALIZABLE with the default retry policy.</summary>
    public static TransactionOptions Serializable { get; } = new() { Isolation = Isolation.Serializable };

    /// <summary>The isolation level. Default READ COMMITTED.</summary>
    public Isolation Isolation { get; init; } = Isolation.ReadCommitted;

    /// <summary>Start the transaction READ ONLY: writes fail, and on a hot standby it is what is allowed.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>With SERIALIZABLE and READ ONLY: wait for a safe snapshot, then run without any risk of 40001.</summary>
    public bool Deferrable { get; init; }

    /// <summary>Retries after a serialization failure (40001) or deadlock (40P01) before giving up. Default 10; 0 disables.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>The first retry's delay; each next one doubles, with jitter. Default 5 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest delay between attempts. Default 1 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (!Enum.IsDefined(Isolation))
            throw new ArgumentOutOfRangeException(nameof(Isolation), Isolation, "Unknown isolation level.");
        if (Deferrable && !(ReadOnly && Isolation == Isolation.Serializable))
            throw new ArgumentException("Deferrable only has an effect with ReadOnly and Serializable; set both or drop Deferrable.", nameof(Deferrable));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfNegative(RetryBaseDelay.Ticks, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
    }
}
