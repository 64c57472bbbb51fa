using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Extensions.ZPages;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// What the zpages tap adds to each received request (the standard trace payload, 100 spans): nothing tapped (no
/// zpages), tapped while nobody watches (capture on_view, never viewed: one field read), and tapped while capturing
/// (the copy of the request's bytes into the traces ring). The consumer behind the tap answers at once, so the
/// figures are the tap's own cost.
/// </summary>
[MemoryDiagnoser]
public class TelemetryTapBenchmarks
{
    private const string TapConsumerType = "MiniCollector.Pipeline.Graph.TapConsumer, MiniCollector.Pipeline";

    private static readonly ComponentId Receiver = new("otlp", string.Empty);

    private readonly IConsumer _next = new AnsweringConsumer();
    private TelemetryRequest _request = null!;
    private IConsumer _unwatched = null!;
    private IConsumer _capturing = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = TracesKind.Instance.FromBytes(OtlpPayloads.TraceBytes, ClientMetadata.Empty, 100);
        _unwatched = Tap(new ZPagesOptions());
        _capturing = Tap(new ZPagesOptions { Recent = new RecentTelemetryOptions { Capture = RecentTelemetryOptions.CaptureAlways } });
    }

    [Benchmark(Baseline = true)]
    public ValueTask<ConsumeResult> NoTap() => _next.ConsumeAsync(_request, CancellationToken.None);

    [Benchmark]
    public ValueTask<ConsumeResult> TapNobodyWatching() => _unwatched.ConsumeAsync(_request, CancellationToken.None);

    [Benchmark]
    public ValueTask<ConsumeResult> TapCapturing() => _capturing.ConsumeAsync(_request, CancellationToken.None);

    // The graph's own wrapper around a real zpages extension, as PipelineGraph builds it after a receiver.
    private IConsumer Tap(ZPagesOptions options)
    {
        var extension = new ZPagesExtension(new ComponentContext(new ComponentId("zpages", string.Empty), ComponentKind.Extension, NullLoggerFactory.Instance), options);
        return (IConsumer)NewTapConsumer(Receiver, _next, [extension]);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    [return: UnsafeAccessorType(TapConsumerType)]
    private static extern object NewTapConsumer(ComponentId receiver, IConsumer next, ITelemetryTap[] taps);

    private sealed class AnsweringConsumer : IConsumer
    {
        public bool MutatesData => false;

        public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(ConsumeResult.Success);
    }
}
