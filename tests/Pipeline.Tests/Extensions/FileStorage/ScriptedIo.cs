using Microsoft.Win32.SafeHandles;
using MiniCollector.Extensions.FileStorage;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>
/// Segment I/O a test steers: a write that fails part-way as a full disk does, a failing fsync, or a call held until
/// the test lets it go (to queue appends behind it).
/// </summary>
internal sealed class ScriptedIo : SegmentIo
{
    private readonly Lock _gate = new();
    private int _failWrites;
    private int _failFlushes;
    private IoCall? _holdNext;
    private int _skip;
    private ManualResetEventSlim _armed = new(false);
    private ManualResetEventSlim _held = new(false);
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public enum IoCall
    {
        Write,
        Flush,
    }

    /// <summary>Completes when the held call has been reached.</summary>
    public Task Entered => _entered.Task;

    /// <summary>The next <paramref name="count"/> writes put half their bytes on disk, then fail.</summary>
    public void FailWrites(int count)
    {
        lock (_gate)
        {
            _failWrites = count;
        }
    }

    /// <summary>The next <paramref name="count"/> fsyncs fail.</summary>
    public void FailFlushes(int count)
    {
        lock (_gate)
        {
            _failFlushes = count;
        }
    }

    /// <summary>
    /// The next call of this kind (after <paramref name="skip"/> more of them pass) waits for <see cref="Release"/>. It may be
    /// armed while another call is held: <see cref="Release"/> lets the held one go.
    /// </summary>
    public void HoldNext(IoCall call, int skip = 0)
    {
        lock (_gate)
        {
            _holdNext = call;
            _skip = skip;
            _armed = new ManualResetEventSlim(false);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the call that is held now go on.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _held.Set();
        }
    }

    public override void Write(SafeFileHandle handle, IReadOnlyList<ReadOnlyMemory<byte>> buffers, long offset)
    {
        // Decided on entry, so a call held while the test arms a failure is not the one that fails.
        bool fail;
        lock (_gate)
        {
            fail = _failWrites > 0;
            _failWrites -= fail ? 1 : 0;
        }

        Hold(IoCall.Write);

        if (!fail)
        {
            base.Write(handle, buffers, offset);
            return;
        }

        var all = buffers.SelectMany(b => b.ToArray()).ToArray();
        RandomAccess.Write(handle, all.AsSpan(0, all.Length / 2), offset);
        throw new IOException("No space left on device");
    }

    public override void FlushToDisk(SafeFileHandle handle)
    {
        bool fail;
        lock (_gate)
        {
            fail = _failFlushes > 0;
            _failFlushes -= fail ? 1 : 0;
        }

        Hold(IoCall.Flush);

        if (fail)
        {
            throw new IOException("Input/output error");
        }

        base.FlushToDisk(handle);
    }

    private void Hold(IoCall call)
    {
        ManualResetEventSlim release;
        lock (_gate)
        {
            if (_holdNext != call)
            {
                return;
            }

            if (_skip > 0)
            {
                _skip--;
                return;
            }

            _holdNext = null;
            _held = _armed;
            release = _held;
            _entered.TrySetResult();
        }

        Assert.True(release.Wait(QueueTesting.HangGuard), "the test never released the held call");
    }
}
