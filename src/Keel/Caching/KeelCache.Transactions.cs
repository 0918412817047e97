using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>
/// Cache changes that belong to a database transaction: they happen in <see cref="KeelTransaction.OnCommitted(Func{CancellationToken, Task})"/>,
/// so a rolled-back transaction leaves the cache untouched and no reader ever sees a value that was rolled back.
/// </summary>
public sealed partial class KeelCache
{
    /// <summary>Removes the key once <paramref name="transaction"/> commits; nothing happens if it rolls back.</summary>
    /// <exception cref="ArgumentException">The key is invalid (thrown now, inside the transaction).</exception>
    public void RemoveAfterCommit(KeelTransaction transaction, string key)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        CacheKeys.Validate(key, nameof(key));
        transaction.OnCommitted(ct => RemoveAsync(key, ct));
    }

    /// <summary>Invalidates every entry carrying <paramref name="tag"/> once <paramref name="transaction"/> commits.</summary>
    public void RemoveByTagAfterCommit(KeelTransaction transaction, string tag)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        CacheKeys.Validate(tag, nameof(tag), "cache tag");
        transaction.OnCommitted(ct => RemoveByTagAsync(tag, ct));
    }

    /// <summary>
    /// Writes <paramref name="value"/> through to L1 and L2 once <paramref name="transaction"/> commits. The value is
    /// serialized now, so a value too large to cache fails inside the transaction, not after it.
    /// </summary>
    /// <exception cref="CachePayloadTooLargeException">The value is over the payload limit; nothing is registered.</exception>
    public void SetAfterCommit<T>(KeelTransaction transaction, string key, T value, CacheEntryOptions? options = null)
        => SetAfterCommit(transaction, key, value, TypeInfo<T>(), options);

    /// <summary>Writes <paramref name="value"/> (serialized with <paramref name="typeInfo"/>) through once <paramref name="transaction"/> commits.</summary>
    public void SetAfterCommit<T>(KeelTransaction transaction, string key, T value, JsonTypeInfo<T> typeInfo, CacheEntryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        CacheKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(typeInfo);
        options = Checked(options);
        var size = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, typeInfo).Length;
        if (size > Options.MaxPayloadBytes)
            throw new CachePayloadTooLargeException(key, size, Options.MaxPayloadBytes);
        transaction.OnCommitted(ct => SetAsync(key, value, typeInfo, options, ct));
    }

    /// <summary>
    /// Runs <paramref name="change"/> now when <paramref name="executor"/> is not inside a transaction, else after that
    /// transaction commits: the rule the cached repository views follow for their writes.
    /// </summary>
    internal static Task NowOrAfterCommitAsync(SqlExecutor? executor, Func<CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var transaction = executor switch
        {
            KeelTransaction tx => tx,
            KeelSession session => session.CurrentTransaction,
            _ => null,
        };
        if (transaction is null)
            return change(cancellationToken);
        transaction.OnCommitted(change);
        return Task.CompletedTask;
    }
}
