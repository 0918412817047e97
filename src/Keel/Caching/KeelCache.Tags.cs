using System.Buffers.Binary;
using Microsoft.Extensions.Caching.Memory;

namespace Keel;

/// <summary>
/// Tags without scanning keys: removing a tag records when it happened (in L2 and L1, announced on the backplane);
/// an entry made before the latest invalidation of any of its tags reads as a miss.
/// </summary>
public sealed partial class KeelCache
{
    /// <summary>
    /// Invalidates every entry carrying <paramref name="tag"/>, on every level and node, without scanning keys: the
    /// invalidation time is stored (under a reserved key) and entries made before it read as misses from now on.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is empty, too long or holds control characters.</exception>
    public async Task RemoveByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        CacheKeys.Validate(tag, nameof(tag), "cache tag");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var tagKey = CacheKeys.Tag(_prefix, tag);
        var now = _time.GetUtcNow();
        RememberTag(tagKey, now);
        if (_l2 is not null)
        {
            var sequence = NextSequence();
            try
            {
                await WriteTagAsync(tagKey, now, cancellationToken).ConfigureAwait(false);
                Settle(tagKey, sequence);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                OnDistributedFailure("tag", tagKey, e);
                Pend(tagKey, CacheBackplaneAction.RemoveByTag, sequence, now);
            }
        }

        await PublishAsync(CacheBackplaneAction.RemoveByTag, tagKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when one of the entry's tags was invalidated at or after the entry was made.</summary>
    private ValueTask<bool> IsInvalidatedAsync(CachedValue entry, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < entry.TagKeys.Length; i++)
        {
            if (_l1.TryGetValue(entry.TagKeys[i], out var held) && held is TagRecord record && record.CheckAfter > now)
            {
                if (entry.Created <= record.InvalidatedAt)
                    return ValueTask.FromResult(true);
                continue;
            }

            return IsInvalidatedSlowAsync(entry, i, cancellationToken);
        }

        return ValueTask.FromResult(false);
    }

    private async ValueTask<bool> IsInvalidatedSlowAsync(CachedValue entry, int from, CancellationToken cancellationToken)
    {
        for (var i = from; i < entry.TagKeys.Length; i++)
        {
            if (entry.Created <= await TagInvalidatedAtAsync(entry.TagKeys[i], cancellationToken).ConfigureAwait(false))
                return true;
        }

        return false;
    }

    private async ValueTask<DateTimeOffset> TagInvalidatedAtAsync(string tagKey, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var known = _l1.TryGetValue(tagKey, out var held) && held is TagRecord record ? record : null;
        if (_l2 is null || (known is not null && known.CheckAfter > now))
            return known?.InvalidatedAt ?? DateTimeOffset.MinValue;
        // A tag removal L2 refused still counts here, even once L1's own record is gone (evicted, or cleared on reconnect).
        var invalidatedAt = Max(known?.InvalidatedAt ?? DateTimeOffset.MinValue, PendingTagTime(tagKey));
        try
        {
            var bytes = await _l2.GetAsync(tagKey, cancellationToken).ConfigureAwait(false);
            if (bytes is { Length: 8 } && BinaryPrimitives.ReadInt64LittleEndian(bytes) is var ticks
                && ticks > invalidatedAt.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
                invalidatedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without L2 the last known time stands; it is checked again after the interval.
            OnDistributedFailure("tag", tagKey, e);
        }

        StoreTag(tagKey, invalidatedAt, now);
        return invalidatedAt;
    }

    /// <summary>Records a tag invalidation locally, keeping the later of what was known and <paramref name="invalidatedAt"/>.</summary>
    private void RememberTag(string tagKey, DateTimeOffset invalidatedAt)
    {
        if (_l1.TryGetValue(tagKey, out var held) && held is TagRecord record && record.InvalidatedAt > invalidatedAt)
            invalidatedAt = record.InvalidatedAt;
        StoreTag(tagKey, invalidatedAt, _time.GetUtcNow());
    }

    private void StoreTag(string tagKey, DateTimeOffset invalidatedAt, DateTimeOffset now)
    {
        using var l1 = _l1.CreateEntry(tagKey);
        l1.Value = new TagRecord(invalidatedAt, now + Options.TagCheckInterval);
        l1.Size = 16;
        l1.AbsoluteExpirationRelativeToNow = Options.TagRetention;
        // With no L2 the record in L1 is the only one: it must outlive every entry it invalidates, so it is never
        // evicted for space. With L2 an evicted record is read again from there.
        l1.Priority = _l2 is null && invalidatedAt != DateTimeOffset.MinValue ? CacheItemPriority.NeverRemove : CacheItemPriority.Normal;
    }

    /// <summary>When a tag was last invalidated (MinValue: never), and when to ask L2 again.</summary>
    private sealed record TagRecord(DateTimeOffset InvalidatedAt, DateTimeOffset CheckAfter);
}
