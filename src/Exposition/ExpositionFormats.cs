using System.Buffers;
using System.Globalization;

namespace MiniCollector.Exposition;

/// <summary>
/// Picks the exposition format for a scrape from its <c>Accept</c> header, the way the Go client library's
/// negotiation does, and maps each format to its content type and writer.
/// </summary>
public static class ExpositionFormats
{
    private const string ProtobufMediaType = "application/vnd.google.protobuf";
    private const string ProtobufMessage = "io.prometheus.client.MetricFamily";
    private const string OpenMetricsMediaType = "application/openmetrics-text";
    private const string TextMediaType = "text/plain";

    /// <summary>
    /// The format to answer with: of the media ranges in <paramref name="accept"/> that name a format we write, the one
    /// with the highest q (the first on a tie). Protobuf needs <c>proto=io.prometheus.client.MetricFamily</c> and
    /// <c>encoding=delimited</c>; OpenMetrics is only chosen when <paramref name="openMetricsEnabled"/>. Anything else,
    /// including a missing header and <c>*/*</c>, gets text 0.0.4.
    /// </summary>
    public static ExpositionFormat Negotiate(string? accept, bool openMetricsEnabled)
    {
        var best = ExpositionFormat.PrometheusText;
        var bestQuality = 0.0;
        var rest = accept.AsSpan();
        while (!rest.IsEmpty)
        {
            var comma = IndexOfUnquoted(rest, ',');
            var range = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (TryReadRange(range, openMetricsEnabled, out var format, out var quality) && quality > bestQuality)
            {
                best = format;
                bestQuality = quality;
            }
        }

        return best;
    }

    /// <summary>The HTTP <c>Content-Type</c> of a format.</summary>
    public static string ContentType(this ExpositionFormat format) => format switch
    {
        ExpositionFormat.OpenMetrics => OpenMetricsWriter.ContentType,
        ExpositionFormat.Protobuf => PrometheusProtobufWriter.ContentType,
        _ => PrometheusTextWriter.ContentType,
    };

    /// <summary>Writes a complete exposition of <paramref name="families"/> in this format.</summary>
    public static void Write(this ExpositionFormat format, IBufferWriter<byte> output, IReadOnlyList<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(families);
        var o = new ExpositionOutput(output);
        for (var i = 0; i < families.Count; i++)
        {
            ExpositionFamilyWriter.WriteFamily(format, ref o, families[i]);
        }

        ExpositionFamilyWriter.Finish(format, ref o);
        o.Flush();
    }

    private static bool TryReadRange(ReadOnlySpan<char> range, bool openMetricsEnabled, out ExpositionFormat format, out double quality)
    {
        format = ExpositionFormat.PrometheusText;
        quality = 1.0;
        var semicolon = IndexOfUnquoted(range, ';');
        var mediaType = (semicolon < 0 ? range : range[..semicolon]).Trim();
        var parameters = semicolon < 0 ? default : range[(semicolon + 1)..];

        ReadOnlySpan<char> version = default, proto = default, encoding = default;
        while (!parameters.IsEmpty)
        {
            var next = IndexOfUnquoted(parameters, ';');
            var parameter = next < 0 ? parameters : parameters[..next];
            parameters = next < 0 ? default : parameters[(next + 1)..];
            var equals = parameter.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var name = parameter[..equals].Trim();
            var value = Unquote(parameter[(equals + 1)..].Trim());
            if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quality))
                {
                    return false;
                }

                quality = Math.Clamp(quality, 0.0, 1.0);
            }
            else if (name.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
            }
            else if (name.Equals("proto", StringComparison.OrdinalIgnoreCase))
            {
                proto = value;
            }
            else if (name.Equals("encoding", StringComparison.OrdinalIgnoreCase))
            {
                encoding = value;
            }
        }

        if (mediaType.Equals(ProtobufMediaType, StringComparison.OrdinalIgnoreCase))
        {
            format = ExpositionFormat.Protobuf;
            return proto.Equals(ProtobufMessage, StringComparison.Ordinal)
                && encoding.Equals("delimited", StringComparison.OrdinalIgnoreCase);
        }

        if (mediaType.Equals(OpenMetricsMediaType, StringComparison.OrdinalIgnoreCase))
        {
            format = ExpositionFormat.OpenMetrics;
            return openMetricsEnabled && (version.IsEmpty || version is "1.0.0" or "0.0.1");
        }

        if (mediaType.Equals(TextMediaType, StringComparison.OrdinalIgnoreCase))
        {
            // 1.0.0 is 0.0.4 with UTF-8 names allowed; our names are already legacy-valid, so either is served as 0.0.4.
            return version.IsEmpty || version is "0.0.4" or "1.0.0";
        }

        return false;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static int IndexOfUnquoted(ReadOnlySpan<char> text, char separator)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                return i;
            }
        }

        return -1;
    }
}
