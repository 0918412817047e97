using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Keel;

/// <summary>
/// Runs a delegate in a transaction and retries it on serialization failures and deadlocks, with Polly's
/// exponential backoff and jitter. One pipeline per distinct retry policy, built once.
/// </summary>
internal sealed class TransactionRunner(ILogger logger)
{
    private readonly ConcurrentDictionary<(int, TimeSpan, TimeSpan), ResiliencePipeline> _pipelines = new();

    public async Task<T> RunAsync<T>(
        KeelSession session, Func<KeelTransaction, CancellationToken, Task<T>> work, TransactionOptions options, CancellationToken cancellationToken)
    {
        var state = new Attempt<T>(session, work, options);
        try
        {
            return await Pipeline(options).ExecuteAsync(
                static async (attempt, ct) => await attempt.RunOnceAsync(ct).ConfigureAwait(false), state, cancellationToken).ConfigureAwait(false);
        }
        catch (KeelDatabaseException e) when (e.IsRetryable)
        {
            throw new TransactionRetryExhaustedException(state.Count, e);
        }
    }

    /// <summary>Adapts a delegate without a result to the runner's result-returning shape.</summary>
    public static Func<KeelTransaction, CancellationToken, Task<bool>> WithoutResult(Func<KeelTransaction, CancellationToken, Task> work)
        => async (transaction, cancellationToken) =>
        {
            await work(transaction, cancellationToken).ConfigureAwait(false);
            return true;
        };

    private ResiliencePipeline Pipeline(TransactionOptions options)
    {
        if (options.MaxRetries == 0)
            return ResiliencePipeline.Empty;
        return _pipelines.GetOrAdd((options.MaxRetries, options.RetryBaseDelay, options.RetryMaxDelay), key => new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<KeelDatabaseException>(e => e.IsRetryable),
                MaxRetryAttempts = key.Item1,
                Delay = key.Item2,
                MaxDelay = key.Item3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var sqlState = (args.Outcome.Exception as KeelDatabaseException)?.SqlState ?? "unknown";
                    KeelMetrics.Retries.Add(1, new KeyValuePair<string, object?>("reason", sqlState));
                    if (logger.IsEnabled(LogLevel.Warning))
                        KeelLog.TransactionRetry(logger, args.AttemptNumber + 1, sqlState, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build());
    }

    private sealed class Attempt<T>(KeelSession session, Func<KeelTransaction, CancellationToken, Task<T>> work, TransactionOptions options)
    {
        public int Count { get; private set; }

        public async ValueTask<T> RunOnceAsync(CancellationToken cancellationToken)
        {
            Count++;
            var transaction = await session.BeginTransactionAsync(options, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await work(transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }
}
