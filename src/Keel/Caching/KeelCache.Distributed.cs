using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>Reading L2, and the backplane: announcing this node's changes and applying other nodes'.</summary>
public sealed partial class KeelCache
{
    /// <summary>
    /// The L2 entry for the key, fresh or expired (an expired one can still serve fail-safe), or null when L2 has none,
    /// fails, holds something unreadable, or holds an entry a tag has invalidated since.
    /// </summary>
    private async ValueTask<CachedValue?> ReadL2Async<T>(string fullKey, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_l2 is null)
            return null;
        if (IsPending(fullKey))
        {
            // L2 may still hold the value a refused remove was meant to delete.
            Count(Counter.Miss, "level", "l2");
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = await _l2.GetAsync(fullKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OnDistributedFailure("get", fullKey, e);
            return null;
        }

        if (Volatile.Read(ref _pendingCount) != 0)
            WakeReplay();

        if (bytes is null)
        {
            Count(Counter.Miss, "level", "l2");
            return null;
        }

        if (!CacheEnvelope.TryRead(bytes, out var envelope))
            return Unreadable(fullKey, null);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(envelope.Payload.Span, typeInfo);
        }
        catch (JsonException e)
        {
            return Unreadable(fullKey, e);
        }

        var freshUntil = Min(envelope.Expires, now + options.EffectiveL1Duration);
        var entry = new CachedValue(value, envelope.Created, envelope.Expires, freshUntil, envelope.RefreshAt, envelope.Tags, CacheKeys.Tags(_prefix, envelope.Tags), envelope.Payload.Length);
        if (await IsInvalidatedAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            Count(Counter.Miss, "level", "l2");
            return null;
        }

        Count(entry.Expires > now ? Counter.Hit : Counter.Miss, "level", "l2");
        return entry;
    }

    private CachedValue? Unreadable(string fullKey, Exception? error)
    {
        KeelLog.CacheUnreadableEntry(_logger, fullKey, error);
        Count(Counter.Miss, "level", "l2");
        return null;
    }

    private async Task PublishAsync(CacheBackplaneAction action, string fullKey, CancellationToken cancellationToken)
    {
        if (_backplane is null)
            return;
        try
        {
            await _backplane.PublishAsync(new CacheBackplaneMessage(InstanceId, action, fullKey), cancellationToken).ConfigureAwait(false);
            Count(Counter.Backplane, "direction", "sent");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            KeelLog.CacheBackplanePublishFailed(_logger, action.ToString(), fullKey, e);
            if (CacheMetrics.Errors.Enabled)
                CacheMetrics.Errors.Add(1, _cacheTag, new KeyValuePair<string, object?>("source", "backplane"));
        }
    }

    private Task OnBackplaneMessageAsync(CacheBackplaneMessage message, CancellationToken cancellationToken)
    {
        if (message.SourceId == InstanceId || Volatile.Read(ref _disposed) != 0)
            return Task.CompletedTask;
        Count(Counter.Backplane, "direction", "received");
        try
        {
            switch (message.Action)
            {
                case CacheBackplaneAction.Set:
                case CacheBackplaneAction.Remove:
                    DropLocal(message.Key);
                    break;
                case CacheBackplaneAction.RemoveByTag:
                    // The time of arrival is no earlier than the sender's invalidation, so it invalidates at least as much.
                    RememberTag(message.Key, _time.GetUtcNow());
                    break;
                case CacheBackplaneAction.Clear:
                    foreach (var flight in _flights.Values)
                        flight.Invalidate();
                    _l1.Clear();
                    break;
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the work: there is no L1 left to update.
        }

        return Task.CompletedTask;
    }
}
