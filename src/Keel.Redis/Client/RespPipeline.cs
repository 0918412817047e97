using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Keel.Redis;

/// <summary>
/// One TCP connection to Redis shared by any number of concurrent callers. Commands are queued in call order; a
/// single write loop sends them (coalescing whatever is queued into one flush) and records each in the in-flight
/// queue before its bytes leave, and a single read loop matches replies to that queue first-in first-out, which is
/// the order Redis answers in. Once broken, a pipeline stays broken: every queued and in-flight command fails with
/// <see cref="RedisConnectionException"/> and the owner opens a new one.
/// </summary>
internal sealed partial class RespPipeline : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<PendingCommand> _outbox = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly ConcurrentQueue<PendingCommand> _inFlight = new();
    private readonly Action<RespValue>? _onPush;
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _endpoint;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _failed;

    private RespPipeline(Socket socket, string endpoint, Action<RespValue>? onPush)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        _endpoint = endpoint;
        _onPush = onPush;
    }

    /// <summary>False once the connection broke or was disposed.</summary>
    public bool IsAlive => Volatile.Read(ref _failed) == 0;

    /// <summary>Completes, with the cause, when the connection breaks or is disposed.</summary>
    public Task<Exception> Closed => _closed.Task;

    /// <summary>
    /// Queues a command and waits for its reply. A server error reply throws <see cref="RedisException"/>; no reply
    /// within <paramref name="timeout"/> throws <see cref="RedisTimeoutException"/>; either way, and on cancellation,
    /// the pipeline stays in step for everyone else.
    /// </summary>
    public Task<RespValue> ExecuteAsync(RedisArgument[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<RespValue>(cancellationToken);
        var command = new PendingCommand(arguments);
        Send(command);
        return command.WaitAsync(_endpoint, timeout, cancellationToken);
    }

    /// <summary>Queues a command behind every command queued before it; fails it at once if the connection is broken.</summary>
    public void Send(PendingCommand command)
    {
        if (!_outbox.Writer.TryWrite(command))
            command.TrySetException(Lost(command, _closed.Task.IsCompleted ? _closed.Task.Result : null));
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(RespPipeline), "The Redis connection was closed."));
        await _readLoop.ConfigureAwait(false);
        await _writeLoop.ConfigureAwait(false);
    }

    private void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        Exception? error = null;
        try
        {
            var outbox = _outbox.Reader;
            while (await outbox.WaitToReadAsync().ConfigureAwait(false))
            {
                while (IsAlive && outbox.TryRead(out var command))
                {
                    // A caller that gave up before its turn is skipped: it was never sent, so it never gets a reply.
                    if (!command.TryMarkSent())
                        continue;
                    _inFlight.Enqueue(command);
                    RespWriter.WriteCommand(_output, command.Arguments);
                    if (_output.CanGetUnflushedBytes && _output.UnflushedBytes > FlushThreshold)
                        await _output.FlushAsync().ConfigureAwait(false);
                }

                await _output.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            error = e;
        }

        Fail(error ?? new IOException("The connection was closed."));
        await CompleteQuietlyAsync(_output.CompleteAsync()).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var consumed = DispatchReplies(result.Buffer);
                if (result.IsCompleted)
                {
                    error = new EndOfStreamException("The server closed the connection.");
                    break;
                }

                _input.AdvanceTo(consumed, result.Buffer.End);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidDataException or InvalidOperationException)
        {
            error = e;
        }

        Fail(error);
        await CompleteQuietlyAsync(_input.CompleteAsync()).ConfigureAwait(false);
    }

    /// <summary>Returns the pipe's pooled buffers; the socket is already closed, so a failed final flush is expected.</summary>
    private static async Task CompleteQuietlyAsync(ValueTask completion)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Nothing left to do: the connection is gone and its callers were already failed.
        }
    }

    /// <summary>Parses every complete reply in <paramref name="buffer"/>, hands each to its command, returns where the rest starts.</summary>
    private SequencePosition DispatchReplies(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (RespParser.TryRead(ref reader, out var reply))
        {
            if (_onPush is not null && IsPushMessage(reply))
            {
                _onPush(reply);
                continue;
            }

            if (!_inFlight.TryDequeue(out var command))
                throw new InvalidDataException("Redis sent a reply to no command.");
            command.TrySetResult(reply);
        }

        return reader.Position;
    }

    /// <summary>A pub/sub delivery (<c>message channel payload</c>), which answers no command.</summary>
    private static bool IsPushMessage(RespValue reply)
        => reply.Elements is { Length: 3 } elements && elements[0].Bytes is { } kind && kind.AsSpan().SequenceEqual("message"u8);

    /// <summary>Breaks the pipeline once, then fails whatever is still queued or in flight.</summary>
    private void Fail(Exception? cause)
    {
        cause ??= new IOException("The connection was closed.");
        if (Interlocked.Exchange(ref _failed, 1) == 0)
        {
            _outbox.Writer.TryComplete();
            // Closing the socket ends the pending read and write, so both loops finish and drain.
            _stream.Dispose();
            _closed.TrySetResult(cause);
        }

        while (_outbox.Reader.TryRead(out var queued))
            queued.TrySetException(Lost(queued, cause));
        while (_inFlight.TryDequeue(out var sent))
            sent.TrySetException(Lost(sent, cause));
    }

    private RedisConnectionException Lost(PendingCommand command, Exception? cause)
        => new($"The connection to Redis at {_endpoint} was lost ({cause?.Message ?? "closed"}); {command.Name} may or may not have run. The client reconnects by itself.", cause);
}
