using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>The miss path: single-flight, the distributed lock, the factory with its timeouts, fail-safe, eager refresh.</summary>
public sealed partial class KeelCache
{
    private async ValueTask<T> GetOrSetSlowAsync<T>(
        string fullKey, string key, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        CachedValue? fallback = null;
        if (_l1.TryGetValue(fullKey, out var held) && held is CachedValue entry)
        {
            if (await IsInvalidatedAsync(entry, cancellationToken).ConfigureAwait(false))
            {
                _l1.Remove(fullKey);
            }
            else if (entry.FreshUntil > now)
            {
                var value = Unwrap<T>(entry, key);
                RecordL1Hit(entry);
                RefreshAheadIfDue(fullKey, entry, now, factory, typeInfo, options);
                return value;
            }
            else
            {
                fallback = entry;
            }
        }

        Count(Counter.Miss, "level", "l1");
        var flight = JoinOrStart(fullKey, factory, typeInfo, options, fallback);
        var result = await flight.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Unwrap<T>(result, key);
    }

    private CacheFlight JoinOrStart<T>(string fullKey, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, CachedValue? fallback)
    {
        while (true)
        {
            if (_flights.TryGetValue(fullKey, out var running))
                return running;
            var mine = new CacheFlight();
            if (_flights.TryAdd(fullKey, mine))
            {
                _ = RunFlightAsync(fullKey, mine, factory, typeInfo, options, fallback, refreshing: false);
                return mine;
            }
        }
    }

    /// <summary>Past the entry's refresh point, starts one background reload unless a load of the key already runs.</summary>
    private void RefreshAheadIfDue<T>(string fullKey, CachedValue entry, DateTimeOffset now, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions options)
    {
        if (entry.RefreshAt is not { } refreshAt || now < refreshAt || now >= entry.Expires || entry.IsStale || !entry.TryStartRefresh())
            return;
        var mine = new CacheFlight();
        if (_flights.TryAdd(fullKey, mine))
            _ = RunFlightAsync(fullKey, mine, factory, typeInfo, options, entry, refreshing: true);
    }

    /// <summary>Runs detached from any one caller, so a caller giving up does not fail the others waiting on the same key.</summary>
    private async Task RunFlightAsync<T>(
        string fullKey, CacheFlight flight, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, CachedValue? fallback, bool refreshing)
    {
        try
        {
            var result = await LoadAsync(fullKey, flight, factory, typeInfo, options, fallback, refreshing).ConfigureAwait(false);
            flight.Completion.TrySetResult(result);
        }
        catch (Exception e)
        {
            flight.Completion.TrySetException(e);
            // Every waiter may have given up already; reading the exception marks it observed.
            _ = flight.Completion.Task.Exception;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, CacheFlight>(fullKey, flight));
        }
    }

    private async Task<CachedValue> LoadAsync<T>(
        string fullKey, CacheFlight flight, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, CachedValue? fallback, bool refreshing)
    {
        var token = _shutdown.Token;
        var fromL2 = await ReadL2Async(fullKey, typeInfo, options, _time.GetUtcNow(), token).ConfigureAwait(false);
        if (Promote(fullKey, flight, fromL2, fallback, options, refreshing) is { } found)
            return found;
        if (!refreshing && fromL2 is not null && (fallback is null || fromL2.Created > fallback.Created))
            fallback = fromL2;

        IAsyncDisposable? held = null;
        if (_lock is not null)
        {
            held = await AcquireLockAsync(fullKey, options, token).ConfigureAwait(false);
            // The node that held the lock before us has most likely stored the value by now.
            fromL2 = await ReadL2Async(fullKey, typeInfo, options, _time.GetUtcNow(), token).ConfigureAwait(false);
            if (Promote(fullKey, flight, fromL2, fallback, options, refreshing) is { } stored)
            {
                await ReleaseLockAsync(fullKey, held).ConfigureAwait(false);
                return stored;
            }
        }

        try
        {
            return await RunFactoryAsync(fullKey, flight, factory, typeInfo, options, fallback, refreshing).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseLockAsync(fullKey, held).ConfigureAwait(false);
        }
    }

    /// <summary>A fresh L2 entry (for a refresh: one newer than the entry being refreshed), copied into L1.</summary>
    private CachedValue? Promote(string fullKey, CacheFlight flight, CachedValue? fromL2, CachedValue? current, CacheEntryOptions options, bool refreshing)
    {
        if (fromL2 is null || fromL2.Expires <= _time.GetUtcNow() || (refreshing && fromL2.Created <= current!.Created))
            return null;
        if (!flight.Invalidated)
            WriteL1(fullKey, fromL2, options);
        return fromL2;
    }

    private async Task<CachedValue> RunFactoryAsync<T>(
        string fullKey, CacheFlight flight, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, CachedValue? fallback, bool refreshing)
    {
        var created = _time.GetUtcNow();
        var kind = refreshing ? "refresh" : "miss";
        if (!refreshing && (fallback is null || !options.FailSafe || fallback.Expires + options.FailSafeMaxDuration <= created))
            fallback = null;

        // The timers start before the factory does, so a clock moved from inside the factory always finds them.
        using var timers = new CancellationTokenSource();
        using var hardCancel = options.FactoryHardTimeout is { } hard ? new CancellationTokenSource(hard, _time) : null;
        using var linked = hardCancel is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, hardCancel.Token);
        var softDelay = !refreshing && fallback is not null && options.FactorySoftTimeout is { } soft ? Task.Delay(soft, _time, timers.Token) : null;
        var hardDelay = options.FactoryHardTimeout is { } h ? Task.Delay(h, _time, timers.Token) : null;
        var work = Invoke(factory, linked?.Token ?? _shutdown.Token);
        try
        {
            if (softDelay is not null && await Task.WhenAny(work, softDelay).ConfigureAwait(false) != work)
            {
                _ = FinishInBackgroundAsync(fullKey, flight, work, typeInfo, options, created, kind);
                return ServeStale(fullKey, flight, fallback!, options, "soft_timeout", null);
            }

            if (hardDelay is not null && await Task.WhenAny(work, hardDelay).ConfigureAwait(false) != work)
                return TimedOut(fullKey, flight, work, options, fallback, kind, refreshing);
        }
        finally
        {
            timers.Cancel();
        }

        T value;
        try
        {
            value = await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (hardCancel is { IsCancellationRequested: true } && !_shutdown.IsCancellationRequested)
        {
            return TimedOut(fullKey, flight, work, options, fallback, kind, refreshing);
        }
        catch (Exception e) when (fallback is not null && !_shutdown.IsCancellationRequested)
        {
            CountFactory(kind, "error");
            if (!refreshing)
                return ServeStale(fullKey, flight, fallback, options, "error", e);
            KeelLog.CacheBackgroundFactoryFailed(_logger, fullKey, e);
            return fallback;
        }
        catch
        {
            CountFactory(kind, "error");
            throw;
        }

        CountFactory(kind, "ok");
        return await StoreResultAsync(fullKey, flight, value, typeInfo, options, created).ConfigureAwait(false);
    }

    private CachedValue TimedOut<T>(string fullKey, CacheFlight flight, Task<T> work, CacheEntryOptions options, CachedValue? fallback, string kind, bool refreshing)
    {
        CountFactory(kind, "timeout");
        // The factory was told to stop; whatever it ends with is nobody's business now, but must not go unobserved.
        _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (refreshing)
            return fallback!;
        if (fallback is null)
            throw new CacheFactoryTimeoutException(fullKey[_prefix.Length..], options.FactoryHardTimeout!.Value);
        return ServeStale(fullKey, flight, fallback, options, "timeout", null);
    }

    private async Task FinishInBackgroundAsync<T>(string fullKey, CacheFlight flight, Task<T> work, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, DateTimeOffset created, string kind)
    {
        try
        {
            var value = await work.ConfigureAwait(false);
            CountFactory(kind, "ok");
            await StoreResultAsync(fullKey, flight, value, typeInfo, options, created).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            CountFactory(kind, "error");
            KeelLog.CacheBackgroundFactoryFailed(_logger, fullKey, e);
        }
    }

    private async Task<CachedValue> StoreResultAsync<T>(string fullKey, CacheFlight flight, T value, JsonTypeInfo<T> typeInfo, CacheEntryOptions options, DateTimeOffset created)
    {
        var (entry, bytes) = Prepare(fullKey, value, typeInfo, created, options);
        if (bytes is null)
        {
            KeelLog.CachePayloadTooLarge(_logger, fullKey, entry.Size, Options.MaxPayloadBytes);
            return entry;
        }

        await StoreAsync(fullKey, entry, bytes, options, flight, _shutdown.Token).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Serves the last value and keeps it in L1 for the throttle duration, so the factory is not retried on every read.</summary>
    private CachedValue ServeStale(string fullKey, CacheFlight flight, CachedValue fallback, CacheEntryOptions options, string reason, Exception? error)
    {
        var stale = fallback.AsStale(_time.GetUtcNow() + options.FailSafeThrottleDuration);
        if (!flight.Invalidated)
            WriteL1(fullKey, stale, options);
        Count(Counter.Stale, "reason", reason);
        if (error is not null)
            KeelLog.CacheServingStale(_logger, fullKey, fallback.Expires, error);
        else
            KeelLog.CacheServingStaleAfterTimeout(_logger, fullKey, reason == "soft_timeout" ? "soft" : "hard", fallback.Expires);
        return stale;
    }

    private async Task<IAsyncDisposable?> AcquireLockAsync(string fullKey, CacheEntryOptions options, CancellationToken cancellationToken)
    {
        try
        {
            // The lock outlives a dead holder no longer than the factory may run (plus the wait), where the backend can expire it.
            var expiry = (options.FactoryHardTimeout ?? TimeSpan.FromMinutes(1)) + options.DistributedLockWait;
            return await _lock!.TryAcquireAsync(fullKey, expiry, options.DistributedLockWait, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            KeelLog.CacheLockFailed(_logger, fullKey, e);
            if (CacheMetrics.Errors.Enabled)
                CacheMetrics.Errors.Add(1, _cacheTag, new KeyValuePair<string, object?>("source", "lock"));
            return null;
        }
    }

    private async Task ReleaseLockAsync(string fullKey, IAsyncDisposable? held)
    {
        if (held is null)
            return;
        try
        {
            await held.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            KeelLog.CacheLockFailed(_logger, fullKey, e);
        }
    }

    private static Task<T> Invoke<T>(Func<CancellationToken, Task<T>> factory, CancellationToken cancellationToken)
    {
        try
        {
            return factory(cancellationToken) ?? Task.FromException<T>(new InvalidOperationException("The cache factory returned a null task."));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private void CountFactory(string kind, string outcome)
    {
        if (CacheMetrics.FactoryCalls.Enabled)
            CacheMetrics.FactoryCalls.Add(1, _cacheTag, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
    }
}
