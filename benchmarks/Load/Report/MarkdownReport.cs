using System.Globalization;
using System.Text;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Payloads;
using MiniCollector.Benchmarks.Load.Scenarios;

namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>Renders a run as markdown: the conditions first, then one table per kind of measurement.</summary>
public static class MarkdownReport
{
    /// <summary>The whole report.</summary>
    public static string Render(MachineInfo machine, RunSettings settings, IReadOnlyList<string> notes, ResultSet results, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# MiniCollector load benchmark, {machine.Started:yyyy-MM-dd HH:mm zzz}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: `{machine.Hostname}`, {machine.Architecture}, {machine.CpuModel}, {machine.Cores} cores; {machine.OperatingSystem}; load average at start {machine.LoadAverage}");
        var collector = machine.Collector;
        var runtimeNote = collector.Kind switch
        {
            CollectorKind.NativeAot => "the benchmark's; the NativeAOT collector carries its own runtime, compiled in",
            CollectorKind.JitDll => "the benchmark's; the collector, started as a .dll, runs on the same shared runtime",
            _ => "the benchmark's; the collector executable brings or finds its own",
        };
        text.AppendLine(CultureInfo.InvariantCulture, $"- Runtime: {machine.Runtime} ({runtimeNote})");
        var commit = machine.CollectorCommit is null ? string.Empty : "; commit " + machine.CollectorCommit;
        text.AppendLine(CultureInfo.InvariantCulture, $"- Collector: **{collector.KindText}**, `{collector.Path}`; size: {collector.SizeText}{commit}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Collector from: {collector.Origin}; `--version`: {(machine.CollectorVersion is null ? "no answer (a build before that option)" : "`" + machine.CollectorVersion + "`")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{machine.CommandLine}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Scenarios: {string.Join(", ", settings.Scenarios)}; levels {string.Join(", ", settings.Levels)} concurrent callers; {settings.Duration.TotalSeconds:0.#} s measured after {settings.Warmup.TotalSeconds:0.#} s warm-up per level, and {settings.Prewarm.TotalSeconds:0.#} s of unmeasured load at the highest level before each scenario's first level (JIT); total run {elapsed.TotalSeconds:0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Payloads: traces {settings.TraceRequestBytes:#,0} B per request ({TracePayload.SpansPerRequest} spans, 10 string attributes of 20 chars each); metrics {settings.MetricsRequestBytes:#,0} B per request ({MetricsShape.Points1000}), and {settings.Metrics100RequestBytes:#,0} B per request ({MetricsShape.Points100}) in metrics-prometheus-100 and scrape-under-load");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Batch processor of grpc/http-batch-nop, grpc-batch-otlp(-raw), grpc-loadbalancing, metrics-prometheus(-100), scrape-100k and scrape-under-load: `send_batch_size: {settings.BatchSize}`, `timeout: {settings.BatchTimeout}` (builds before commit 8d64bcb answer a caller only when its batch has been consumed, so there the timeout is part of the latency at low concurrency); the *-batch-latency scenarios run the collector's defaults, `send_batch_size: {BatchSettings.CollectorDefaults.SendBatchSize}`, `timeout: {BatchSettings.CollectorDefaults.Timeout}`");
        text.AppendLine("- Client: " + (settings.H2Load
            ? "h2load (1 connection, -m streams) for the gRPC trace scenarios; built-in client otherwise"
            : "built-in: gRPC over h2c on one HTTP/2 connection (SocketsHttpHandler); OTLP/HTTP protobuf over HTTP/1.1, one connection per caller") +
            "; closed loop (each caller sends its next request when the previous one is answered); the client runs on the same machine");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Collector CPU: utime+stime of /proc/<pid>/stat over the measured window ({Measurement.ProcStats.ClockTicksPerSecond} ticks/s); RSS: VmRSS sampled every 100 ms, the maximum per level");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Per collector process: start = from starting the process until its \"{CollectorProcess.ReadyLine}\" line is read from its output (and until the readiness probe passes: ports accept, health_check answers 200); one unmeasured `minicollector components` run before the first scenario, so no start reads the executable from disk; idle RSS = VmRSS after {settings.Settle.TotalSeconds:0.#} s idle after ready, before any load; peak RSS = VmHWM just before it is stopped (the kernel's high-water mark since start) and the maximum VmRSS sampled every 100 ms");
        foreach (var note in notes)
        {
            text.AppendLine("- Note: " + note);
        }

        if (results.Levels.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Load");
            text.AppendLine();
            text.AppendLine("| scenario | concurrency | requests/s | items/s | items per CPU-s | collector CPU % | p50 ms | p99 ms | max RSS MiB | errors |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results.Levels)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Concurrency} | {Numbers.Count(r.RequestsPerSecond)} | {Numbers.Count(r.ItemsPerSecond)} {r.ItemUnit} | {Numbers.Count(r.ItemsPerCpuSecond)} {r.ItemUnit} | {Numbers.Format(r.CollectorCpuPercent, "0")} | {Numbers.Format(r.P50Milliseconds, "0.00")} | {Numbers.Format(r.P99Milliseconds, "0.00")} | {Numbers.MiB(r.MaxRssBytes)} | {r.Errors} |");
            }
        }

        if (results.Footprints.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Per scenario: start, idle and peak memory, and the highest level");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| scenario | collector | kind | start → \"{CollectorProcess.ReadyLine}\" ms | start → probe ready ms | CPU to ready ms | idle RSS MiB | peak RSS (VmHWM) MiB | max sampled RSS MiB | top level | items/s | items per CPU-s | p50 / p99 ms |");
            text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var f in results.Footprints)
            {
                var top = f.IsMain ? TopLevel(results.Levels, f.Scenario) : null;
                var load = top is null
                    ? "– | – | – | –"
                    : $"{top.Concurrency} | {Numbers.Count(top.ItemsPerSecond)} {top.ItemUnit} | {Numbers.Count(top.ItemsPerCpuSecond)} {top.ItemUnit} | {Numbers.Format(top.P50Milliseconds, "0.00")} / {Numbers.Format(top.P99Milliseconds, "0.00")}";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Scenario} | {(f.IsMain ? "measured" : f.Collector)} | {collector.ShortKind} | {Numbers.Format(f.ReadyLoggedMilliseconds, "0")} | {Numbers.Format(f.ReadyMilliseconds, "0")} | {Numbers.Format(f.CpuMillisecondsAtReady, "0")} | {Numbers.MiB(f.IdleRssBytes)} | {Numbers.MiB(f.PeakRssBytes)} | {Numbers.MiB(f.MaxSampledRssBytes)} | {load} |");
            }

            text.AppendLine();
            text.AppendLine("The peak covers the whole scenario (start, pre-warm, every level, scrapes); \"top level\" is the scenario's highest load level.");
        }

        var targets = AnswerTargets.Evaluate(results.Levels);
        if (targets.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Targets (answer latency, issue 12)");
            text.AppendLine();
            text.AppendLine("| target | scenario | concurrency | measured | met |");
            text.AppendLine("|---|---|---:|---|---|");
            foreach (var t in targets)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Scenario} | {t.Concurrency} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
            }
        }

        if (results.Scrapes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Prometheus scrapes (GET /metrics)");
            text.AppendLine();
            text.AppendLine("| scenario | format | samples | body KiB | sent KiB | first ms | median ms | min ms | max ms | allocated per scrape KiB | allocated / body | RSS after MiB |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in results.Scrapes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Scenario} | {s.Format} | {Numbers.Count(s.Series)} | {Numbers.Count(s.BodyBytes / 1024.0)} | {Numbers.Count(s.WireBytes / 1024.0)} | {Numbers.Format(s.FirstMilliseconds, "0.0")} | {Numbers.Format(s.MedianMilliseconds, "0.0")} (of {s.Repetitions}) | {Numbers.Format(s.MinMilliseconds, "0.0")} | {Numbers.Format(s.MaxMilliseconds, "0.0")} | {Numbers.Count(s.AllocatedBytesPerScrape / 1024)} | {Numbers.Format(s.AllocatedBytesPerScrape / s.BodyBytes, "0.00")} | {Numbers.MiB(s.RssBytesAfter)} |{(s.Error is null ? string.Empty : " " + s.Error)}");
            }

            text.AppendLine();
            text.AppendLine("Samples: lines that are not comments (text formats), Metric messages (protobuf). Sent: the body as it came over the wire (gzip-compressed for text+gzip). Allocated: the collector's own cumulative managed allocation counter (`otelcol_process_runtime_total_alloc_bytes`) read around the timed scrapes, less the cost of reading it, per scrape, and as a multiple of the uncompressed body; n/a where the scenario does not measure it (load runs beside) or the collector has no such counter.");
        }

        if (results.ScrapesUnderLoad.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Ingest while scraping");
            text.AppendLine();
            text.AppendLine("| scenario | callers | p50 ms: no scrape | scraping | p99 ms: no scrape | scraping | max ms: no scrape | scraping | points/s: no scrape | scraping | points per CPU-s: no scrape | scraping | scrapes (in s) | scrape median ms | scrape max ms | scrape errors |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results.ScrapesUnderLoad)
            {
                var (q, w, s) = (r.Quiet, r.Scraping, r.Scrapes);
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Concurrency} | {Numbers.Format(q.P50Milliseconds, "0.00")} | {Numbers.Format(w.P50Milliseconds, "0.00")} | {Numbers.Format(q.P99Milliseconds, "0.00")} | {Numbers.Format(w.P99Milliseconds, "0.00")} | {Numbers.Format(q.MaxMilliseconds, "0.0")} | {Numbers.Format(w.MaxMilliseconds, "0.0")} | {Numbers.Count(q.ItemsPerSecond)} | {Numbers.Count(w.ItemsPerSecond)} | {Numbers.Count(q.ItemsPerCpuSecond)} | {Numbers.Count(w.ItemsPerCpuSecond)} | {s.Scrapes} ({Numbers.Format(s.Seconds, "0.0")}) | {Numbers.Format(s.MedianMilliseconds, "0")} | {Numbers.Format(s.MaxMilliseconds, "0")} | {s.Errors} |");
            }

            text.AppendLine();
            text.AppendLine("Each level runs twice on the same collector (100,000 series already in it): with no scrape, then while text scrapes of all of it run back to back from before the warm-up to the end of the window (the scrapes column counts them all). The scraping run's CPU includes the scrapes', so its points per CPU-s is not an ingest figure; latency is the one to compare.");
        }

        if (results.Idle.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Start-up and idle");
            text.AppendLine();
            text.AppendLine("| scenario | start to ready ms | idle RSS MiB | max RSS while idle MiB | VmHWM MiB | idle CPU % |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var i in results.Idle)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {i.Scenario} | {Numbers.Format(i.StartToReadyMilliseconds, "0")} | {Numbers.MiB(i.RssBytes)} | {Numbers.MiB(i.MaxRssBytes)} | {Numbers.MiB(i.PeakRssBytes)} | {Numbers.Format(i.IdleCpuPercent, "0.0")} |");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Start to ready: from starting the process until both OTLP ports accept a TCP connection and the health_check extension answers 200; idle over {results.Idle[0].IdleSeconds:0} s after that.");
        }

        if (results.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Notes from the run");
            text.AppendLine();
            foreach (var note in results.Notes)
            {
                text.AppendLine("- " + note.ReplaceLineEndings(" / "));
            }
        }

        return text.ToString();
    }

    // The last-run level with the most callers of a scenario (h2load rows carry a suffix in parentheses).
    private static LevelResult? TopLevel(IReadOnlyList<LevelResult> levels, string scenario) =>
        levels.Where(l => l.Scenario == scenario || l.Scenario.StartsWith(scenario + " (", StringComparison.Ordinal))
            .OrderBy(l => l.Concurrency)
            .LastOrDefault();
}
