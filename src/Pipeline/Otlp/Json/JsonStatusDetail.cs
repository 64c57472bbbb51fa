using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MiniCollector.Otlp.Rpc;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>
/// A detail of a <c>google.rpc.Status</c>, a <c>google.protobuf.Any</c>: proto3 JSON writes it as its <c>@type</c>
/// and the packed message's own fields, which needs that message's schema. Of those only RetryInfo matters to an
/// OTLP client (it sets the retry delay); any other detail travels as its type URL and base64 bytes.
/// </summary>
internal static class JsonStatusDetail
{
    private const string RetryInfoTypeUrlSuffix = "/google.rpc.RetryInfo";

    /// <summary>
    /// Reads <c>{"@type": url, "value": base64}</c> as we write it, or the inlined form; of the inlined fields only
    /// RetryInfo's <c>retryDelay</c> is understood, the others are skipped and leave the type URL alone.
    /// </summary>
    public static Any Read(ref JsonCursor c)
    {
        var any = new Any();
        if (!c.BeginObject())
        {
            return any;
        }

        Duration? retryDelay = null;
        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("@type"u8))
            {
                any.TypeUrl = c.ReadString();
            }
            else if (key.SequenceEqual("value"u8))
            {
                // An Any holding a well-known type inlines it here ("value": "1.5s"): not bytes, so skipped.
                if (c.TryReadBase64(out ByteString bytes))
                {
                    any.Value = bytes;
                }
                else
                {
                    c.Skip();
                }
            }
            else if (key.SequenceEqual("retryDelay"u8))
            {
                retryDelay = ProtoJsonDuration.TryParse(c.ReadUtf8String(), out Duration parsed)
                    ? parsed
                    : throw c.Invalid($"{c.Describe()} is not a duration such as \"1.5s\"");
            }
            else
            {
                c.Skip();
            }
        }

        if (retryDelay is not null && any.Value.IsEmpty && any.TypeUrl.EndsWith(RetryInfoTypeUrlSuffix, StringComparison.Ordinal))
        {
            any.Value = new RetryInfo { RetryDelay = retryDelay }.ToByteString();
        }

        return any;
    }

    /// <summary>
    /// RetryInfo is written in its proto3 JSON form (<c>"retryDelay": "5s"</c>) because that is what other OTLP
    /// clients parse to honour the delay; any other detail as its type URL and base64 bytes.
    /// </summary>
    public static void Write(Utf8JsonWriter w, Any detail)
    {
        w.WriteStartObject();
        w.WriteString("@type"u8, detail.TypeUrl);
        if (TryGetCanonicalRetryDelay(detail, out Duration? delay))
        {
            Span<byte> text = stackalloc byte[ProtoJsonDuration.MaxLength];
            w.WriteString("retryDelay"u8, text[..ProtoJsonDuration.Format(delay, text)]);
        }
        else if (!detail.Value.IsEmpty)
        {
            w.WriteBase64String("value"u8, detail.Value.Span);
        }

        w.WriteEndObject();
    }

    // Only when re-encoding the delay reproduces the bytes exactly, so a reader gets the same Any back.
    private static bool TryGetCanonicalRetryDelay(Any detail, [NotNullWhen(true)] out Duration? delay)
    {
        delay = null;
        if (!detail.TypeUrl.EndsWith(RetryInfoTypeUrlSuffix, StringComparison.Ordinal) || detail.Value.IsEmpty)
        {
            return false;
        }

        try
        {
            RetryInfo info = RetryInfo.Parser.ParseFrom(detail.Value);
            if (info.RetryDelay is null || info.ToByteString() != detail.Value)
            {
                return false;
            }

            delay = info.RetryDelay;
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
