using Google.Protobuf;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// The rule of one OTLP id field: its exact length in bytes, and whether it may be empty. The validating wire scan
/// and the per-item check of a decoded request read the same rule.
/// </summary>
/// <param name="Message">The protobuf message's full name (<c>opentelemetry.proto.trace.v1.Span</c>).</param>
/// <param name="Field">The field's name in the message (<c>trace_id</c>).</param>
/// <param name="Label">How a message names the field for the client (<c>links.trace_id</c>).</param>
/// <param name="Length">The only non-empty length allowed.</param>
/// <param name="Required">False when an empty id is allowed.</param>
public sealed record IdRule(string Message, string Field, string Label, int Length, bool Required)
{
    /// <summary>The field's full name, <c>{message}.{field}</c>, as the wire schema keys it.</summary>
    public string FullName => Message + "." + Field;

    /// <summary>Why <paramref name="id"/> breaks the rule, or null when it keeps it.</summary>
    public string? Problem(ByteString id)
    {
        if (id.Length == Length || (!Required && id.Length == 0))
        {
            return null;
        }

        return Required ? $"{Label} must be {Length} bytes, got {id.Length}" : $"{Label} must be empty or {Length} bytes, got {id.Length}";
    }
}
