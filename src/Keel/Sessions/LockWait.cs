namespace Keel;

/// <summary>What a row lock does when another transaction holds the row.</summary>
public enum LockWait
{
    /// <summary>Wait for it (bounded by <c>lock_timeout</c>).</summary>
    Wait,

    /// <summary><c>NOWAIT</c>: fail at once with <see cref="LockNotAvailableException"/>.</summary>
    NoWait,

    /// <summary><c>SKIP LOCKED</c>: leave locked rows out of the result (work queues).</summary>
    SkipLocked,
}
