using System.Diagnostics;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Telemetry;

/// <summary>The process metrics the reference reports (<c>otelcol_process_*</c>), from .NET's own numbers.</summary>
internal static class ProcessTelemetry
{
    /// <summary>Registers them on the collector's meter; uptime counts from this call, the collector's start.</summary>
    public static void Register(CollectorMeter meter)
    {
        long started = Stopwatch.GetTimestamp();
        meter.Counter("otelcol_process_uptime", "s", "Uptime of the process", () => Stopwatch.GetElapsedTime(started).TotalSeconds);
        meter.Counter("otelcol_process_cpu_seconds", "s", "Total CPU user and system time in seconds", () => Environment.CpuUsage.TotalTime.TotalSeconds);
        meter.Gauge("otelcol_process_memory_rss", "By", "Total physical memory (resident set size)", () => Environment.WorkingSet);
        meter.Gauge("otelcol_process_runtime_heap_alloc_bytes", "By", "Bytes of allocated heap objects (the managed heap, including garbage not yet collected)", () => GC.GetTotalMemory(forceFullCollection: false));
        meter.Counter("otelcol_process_runtime_total_alloc_bytes", "By", "Cumulative bytes allocated for heap objects", () => GC.GetTotalAllocatedBytes());
        meter.Gauge("otelcol_process_runtime_total_sys_memory_bytes", "By", "Memory committed by the runtime's heap", () => GC.GetGCMemoryInfo().TotalCommittedBytes);
    }
}
