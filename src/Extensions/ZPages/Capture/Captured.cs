using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.ZPages.Capture;

/// <summary>One captured request, decoded: when it arrived, through which receiver, and its order among the captures.</summary>
internal sealed record Captured<T>(long Sequence, long ReceivedUnixNano, ComponentId Receiver, T Message);
