namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// Request metadata (headers) a receiver passes along when <c>include_metadata</c> is on, keyed case-insensitively.
/// </summary>
public sealed class ClientMetadata
{
    /// <summary>The metadata of requests whose receiver does not include any.</summary>
    public static readonly ClientMetadata Empty = new(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase));

    private readonly IReadOnlyDictionary<string, string[]> _values;

    public ClientMetadata(IReadOnlyDictionary<string, string[]> values) => _values = values;

    /// <summary>Every key and its values.</summary>
    public IReadOnlyDictionary<string, string[]> Values => _values;

    /// <summary>The values of one key, empty when absent.</summary>
    public IReadOnlyList<string> Get(string key) => _values.TryGetValue(key, out var v) ? v : [];
}
