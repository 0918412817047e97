using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace Keel;

/// <summary>
/// Invalidations L2 refused (a remove, a tag record, a write-through set), kept until L2 takes them. A value L2 kept
/// through an outage must not outlive a committed change: while an invalidation of a key or tag is pending, this node
/// reads that key from L2 as a miss (and honours the tag's time), and a background loop replays the invalidations with
/// backoff, then announces them on the backplane again.
/// </summary>
public sealed partial class KeelCache
{
    private static readonly TimeSpan ReplayMinDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReplayMaxDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, PendingInvalidation> _pending = new(StringComparer.Ordinal);
    private TaskCompletionSource _replayWake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private int _pendingCount;
    private int _replaying;
    private int _overflowLogged;

    /// <summary>How many invalidations wait for L2; for tests and diagnostics.</summary>
    internal int PendingInvalidations => Volatile.Read(ref _pendingCount);

    /// <summary>Orders changes to one key: an L2 write settles only the pending invalidations taken before it.</summary>
    private long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>True while a remove of <paramref name="l2Key"/> waits for L2: what L2 holds for it may be older.</summary>
    private bool IsPending(string l2Key) => Volatile.Read(ref _pendingCount) != 0 && _pending.ContainsKey(l2Key);

    /// <summary>When a tag invalidation waiting for L2 happened, or MinValue.</summary>
    private DateTimeOffset PendingTagTime(string tagKey)
        => Volatile.Read(ref _pendingCount) != 0 && _pending.TryGetValue(tagKey, out var intent) ? intent.At : DateTimeOffset.MinValue;

    /// <summary>Keeps an invalidation L2 refused; a later one for the same key or tag replaces it (last intent wins).</summary>
    private void Pend(string l2Key, CacheBackplaneAction action, long sequence, DateTimeOffset at)
    {
        var intent = new PendingInvalidation(action, sequence, at);
        while (true)
        {
            if (_pending.TryGetValue(l2Key, out var held))
            {
                if (held.Sequence > sequence || _pending.TryUpdate(l2Key, intent, held))
                    break;
            }
            else if (_pending.TryAdd(l2Key, intent))
            {
                CountPending(+1);
                if (Volatile.Read(ref _pendingCount) > Options.MaxPendingInvalidations)
                    DropOldestPending();
                break;
            }
        }

        StartReplay();
    }

    /// <summary>An L2 write of <paramref name="l2Key"/> succeeded: it supersedes any invalidation of it taken before.</summary>
    private void Settle(string l2Key, long sequence)
    {
        if (Volatile.Read(ref _pendingCount) == 0)
            return;
        if (_pending.TryGetValue(l2Key, out var held) && held.Sequence < sequence
            && _pending.TryRemove(new KeyValuePair<string, PendingInvalidation>(l2Key, held)))
            CountPending(-1);
        // L2 answers again: replay the rest now rather than after the backoff.
        WakeReplay();
    }

    /// <summary>The bound is passed: the oldest invalidation is given up (logged once per outage), the newest kept.</summary>
    private void DropOldestPending()
    {
        KeyValuePair<string, PendingInvalidation>? oldest = null;
        foreach (var pair in _pending)
        {
            if (oldest is null || pair.Value.Sequence < oldest.Value.Value.Sequence)
                oldest = pair;
        }

        if (oldest is not { } victim || !_pending.TryRemove(victim))
            return;
        CountPending(-1);
        if (CacheMetrics.PendingDropped.Enabled)
            CacheMetrics.PendingDropped.Add(1, _cacheTag);
        if (Interlocked.Exchange(ref _overflowLogged, 1) == 0)
            KeelLog.CachePendingOverflow(_logger, Options.MaxPendingInvalidations, victim.Key);
    }

    private void CountPending(int delta)
    {
        if (Interlocked.Add(ref _pendingCount, delta) == 0)
            Volatile.Write(ref _overflowLogged, 0);
        if (CacheMetrics.PendingInvalidations.Enabled)
            CacheMetrics.PendingInvalidations.Add(delta, _cacheTag);
    }

    private void StartReplay()
    {
        if (Interlocked.CompareExchange(ref _replaying, 1, 0) == 0)
            _ = ReplayLoopAsync();
    }

    private void WakeReplay() => Volatile.Read(ref _replayWake).TrySetResult();

    /// <summary>Replays until nothing is pending; after a failure waits (doubling, up to a second) or until L2 answers another call.</summary>
    private async Task ReplayLoopAsync()
    {
        var delay = ReplayMinDelay;
        var token = _shutdown.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var wake = Volatile.Read(ref _replayWake);
                await Task.WhenAny(wake.Task, Task.Delay(delay, _time, token)).ConfigureAwait(false);
                if (wake.Task.IsCompleted)
                    Interlocked.CompareExchange(ref _replayWake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
                if (!await ReplayPendingAsync(token).ConfigureAwait(false))
                {
                    delay = delay * 2 > ReplayMaxDelay ? ReplayMaxDelay : delay * 2;
                    continue;
                }

                delay = ReplayMinDelay;
                Volatile.Write(ref _replaying, 0);
                // An invalidation pended between the last pass and the flag going down would otherwise wait for the next one.
                if (Volatile.Read(ref _pendingCount) == 0 || Interlocked.CompareExchange(ref _replaying, 1, 0) != 0)
                    return;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed while replaying: what is still pending dies with this node (see docs/caching.md).
        }
    }

    /// <summary>One pass over the pending invalidations; false when L2 still refuses one (the rest wait for the next pass).</summary>
    private async Task<bool> ReplayPendingAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        foreach (var (l2Key, intent) in _pending)
        {
            try
            {
                if (intent.Action == CacheBackplaneAction.RemoveByTag)
                    await WriteTagAsync(l2Key, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                else
                    await _l2!.RemoveAsync(l2Key, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                KeelLog.CachePendingReplayFailed(_logger, PendingInvalidations, e);
                return false;
            }

            // A newer intent that replaced this one meanwhile stays, and is replayed on the next pass.
            if (_pending.TryRemove(new KeyValuePair<string, PendingInvalidation>(l2Key, intent)))
                CountPending(-1);
            replayed++;
            if (CacheMetrics.PendingReplayed.Enabled)
                CacheMetrics.PendingReplayed.Add(1, _cacheTag, new KeyValuePair<string, object?>("action", intent.Action == CacheBackplaneAction.RemoveByTag ? "tag" : "remove"));
            // The first announcement failed too, most likely: nodes that read the old value from L2 meanwhile drop it now.
            await PublishAsync(intent.Action, l2Key, cancellationToken).ConfigureAwait(false);
        }

        if (replayed > 0)
            KeelLog.CachePendingReplayed(_logger, replayed);
        return true;
    }

    /// <summary>Stores a tag's invalidation time in L2 (kept for <see cref="KeelCacheOptions.TagRetention"/>).</summary>
    private Task WriteTagAsync(string tagKey, DateTimeOffset invalidatedAt, CancellationToken cancellationToken)
    {
        var ticks = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(ticks, invalidatedAt.UtcTicks);
        return _l2!.SetAsync(tagKey, ticks, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Options.TagRetention }, cancellationToken);
    }

    /// <summary>
    /// One invalidation waiting for L2. A class, so replacing it is seen by reference. A tag is replayed with the time of
    /// the replay, never the original one: a newer record another node wrote meanwhile must not be moved back.
    /// </summary>
    private sealed class PendingInvalidation(CacheBackplaneAction action, long sequence, DateTimeOffset at)
    {
        public CacheBackplaneAction Action { get; } = action;

        public long Sequence { get; } = sequence;

        public DateTimeOffset At { get; } = at;
    }
}
