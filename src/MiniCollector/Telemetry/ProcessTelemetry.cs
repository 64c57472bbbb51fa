using System.Diagnostics;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Telemetry;

/// <summary>The process metrics the reference reports (<c>otelcol_process_*</c>), from .NET's own numbers.</summary>
internal sealed class ProcessTelemetry : ITelemetryProducer
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public void Collect(TelemetryCollector collector)
    {
        using var process = Process.GetCurrentProcess();
        collector.Counter("otelcol_process_uptime", "Uptime of the process", Stopwatch.GetElapsedTime(_started).TotalSeconds);
        collector.Counter("otelcol_process_cpu_seconds", "Total CPU user and system time in seconds", process.TotalProcessorTime.TotalSeconds);
        collector.Gauge("otelcol_process_memory_rss", "Total physical memory (resident set size)", Environment.WorkingSet);
        collector.Gauge("otelcol_process_runtime_heap_alloc_bytes", "Bytes of allocated heap objects (the managed heap, including garbage not yet collected)", GC.GetTotalMemory(forceFullCollection: false));
        collector.Counter("otelcol_process_runtime_total_alloc_bytes", "Cumulative bytes allocated for heap objects", GC.GetTotalAllocatedBytes());
        collector.Gauge("otelcol_process_runtime_total_sys_memory_bytes", "Memory committed by the runtime's heap", GC.GetGCMemoryInfo().TotalCommittedBytes);
    }
}
