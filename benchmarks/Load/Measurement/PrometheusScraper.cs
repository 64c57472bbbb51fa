using System.Diagnostics;
using System.IO.Compression;
using System.Net;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Times GETs of a <c>/metrics</c> endpoint in one exposition format, as a Prometheus server would scrape it.</summary>
public static class PrometheusScraper
{
    /// <summary>
    /// The collector's cumulative managed allocation (<c>GC.GetTotalAllocatedBytes</c>) on its self-telemetry, as
    /// read by <see cref="SelfTelemetry"/> (which drops a <c>_total</c> suffix).
    /// </summary>
    public const string AllocatedBytesMetric = "otelcol_process_runtime_total_alloc_bytes";

    /// <summary>
    /// One first scrape (reported apart: it pays for any lazily built state), then <paramref name="repetitions"/>
    /// timed ones; the time is until the whole body, as sent, has arrived (a gzip body is decompressed afterwards, only
    /// to size and count it). With <paramref name="telemetry"/>, the collector's allocation counter is read around the
    /// timed scrapes; nothing else may be sending to the collector then, or its allocation is counted too.
    /// </summary>
    public static async Task<ScrapeResult> ScrapeAsync(string scenario, ScrapeFormat format, Uri uri, int repetitions, int pid, Uri? telemetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        using var http = ScrapeFormat.Client();
        double first = 0;
        var times = new List<double>(repetitions);
        byte[] wire = [];
        AllocationBracket? allocation = null;
        for (int i = 0; i <= repetitions; i++)
        {
            if (i == 1 && telemetry is not null)
            {
                allocation = await AllocationBracket.OpenAsync(telemetry, cancellationToken).ConfigureAwait(false);
            }

            long started = Stopwatch.GetTimestamp();
            using var request = format.Request(uri);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            wire = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var problem = response.StatusCode != HttpStatusCode.OK ? "HTTP " + (int)response.StatusCode : format.Mismatch(response);
            if (problem is not null)
            {
                return new ScrapeResult(scenario, format.Name, 0, wire.Length, wire.Length, ms, double.NaN, double.NaN, double.NaN, i, 0, double.NaN, problem);
            }

            if (i == 0)
            {
                first = ms;
            }
            else
            {
                times.Add(ms);
            }
        }

        double allocatedPerScrape = allocation is null ? double.NaN : await allocation.PerOperationAsync(repetitions, cancellationToken).ConfigureAwait(false);
        var body = format.Gzip ? Gunzip(wire) : wire;
        times.Sort();
        return new ScrapeResult(
            scenario,
            format.Name,
            format == ScrapeFormat.Protobuf ? CountMetricMessages(body) : CountSamples(body),
            body.Length,
            wire.Length,
            first,
            Percentiles.Of(times, 0.5),
            times.Count > 0 ? times[0] : double.NaN,
            times.Count > 0 ? times[^1] : double.NaN,
            repetitions,
            ProcStats.StatusBytes(pid, "VmRSS") ?? 0,
            allocatedPerScrape,
            null);
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    // A sample line is any non-empty line that is not a # comment (HELP, TYPE, UNIT, EOF).
    private static long CountSamples(ReadOnlySpan<byte> body)
    {
        long samples = 0;
        while (!body.IsEmpty)
        {
            int end = body.IndexOf((byte)'\n');
            var line = end < 0 ? body : body[..end];
            if (!line.IsEmpty && line[0] != (byte)'#')
            {
                samples++;
            }

            body = end < 0 ? [] : body[(end + 1)..];
        }

        return samples;
    }

    // The delimited protobuf exposition is a sequence of (varint length, MetricFamily); a family's series are its
    // repeated field 4 (Metric). For gauges and counters one Metric is one text sample; a histogram's is several.
    private static long CountMetricMessages(ReadOnlySpan<byte> body)
    {
        long metrics = 0;
        while (!body.IsEmpty)
        {
            var family = body.Slice(0, (int)ReadVarint(ref body));
            body = body[family.Length..];
            while (!family.IsEmpty)
            {
                ulong tag = ReadVarint(ref family);
                switch (tag & 7)
                {
                    case 0:
                        ReadVarint(ref family);
                        break;
                    case 1:
                        family = family[8..];
                        break;
                    case 2:
                        family = family[(int)ReadVarint(ref family)..];
                        metrics += tag >> 3 == 4 ? 1 : 0;
                        break;
                    case 5:
                        family = family[4..];
                        break;
                    default:
                        throw new InvalidDataException($"protobuf exposition: wire type {tag & 7} in a MetricFamily");
                }
            }
        }

        return metrics;
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[0];
            data = data[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
