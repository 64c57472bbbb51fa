using System.Threading.Tasks.Sources;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// One append waiting for the writer loop; its caller awaits it as a <see cref="ValueTask{TResult}"/> without a Task
/// allocation. A cancelled append is dropped only while it still waits: once the writer took it, it is written and
/// its outcome reported, so a cancelled caller never leaves a record it was told had failed.
/// </summary>
internal sealed class PendingAppend : IValueTaskSource<StoredRecord>
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;
    private const int Done = 3;

    // Continuations run on the thread pool so an awaiting exporter never runs on (and stalls) the writer thread.
    private ManualResetValueTaskSourceCore<StoredRecord> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private int _state;

    public PendingAppend(Signal signal, int itemCount, IReadOnlyList<ReadOnlyMemory<byte>> payload, int length)
    {
        Signal = signal;
        ItemCount = itemCount;
        Payload = payload;
        Length = length;
    }

    public Signal Signal { get; }

    public int ItemCount { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Payload { get; }

    /// <summary>Total payload bytes.</summary>
    public int Length { get; }

    /// <summary>Where the writer placed it; valid once written.</summary>
    public StoredRecord Record { get; set; }

    /// <summary>What the caller awaits.</summary>
    public ValueTask<StoredRecord> Task => new(this, _core.Version);

    /// <summary>Lets the token drop the append while it still waits; call before the writer can see it.</summary>
    public void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingAppend)state!).Cancel(token), this);
        }
    }

    /// <summary>Claims the append for writing; false when it was cancelled first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

    /// <summary>Reports the append durable at <see cref="Record"/>.</summary>
    public void Succeed()
    {
        _cancellation.Dispose();
        if (Interlocked.Exchange(ref _state, Done) == Taken)
        {
            _core.SetResult(Record);
        }
    }

    /// <summary>Reports the append failed (nothing of it is in the queue), unless its outcome is already known.</summary>
    public void Fail(Exception exception)
    {
        _cancellation.Dispose();
        if (Interlocked.Exchange(ref _state, Done) is Waiting or Taken)
        {
            _core.SetException(exception);
        }
    }

    /// <inheritdoc />
    public StoredRecord GetResult(short token) => _core.GetResult(token);

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }
}
