using System.Globalization;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// A published port in compose's short syntax, <c>[[address:]host:]container[/protocol]</c>: the host address (null when
/// the spec names none), the host port (null when the engine picks one) and the container port.
/// </summary>
internal sealed record ComposePort(string? HostAddress, int? Host, int Container)
{
    public static ComposePort Parse(string spec)
    {
        var parts = spec.Split('/')[0].Split(':');
        int? host = parts.Length >= 2 && parts[^2].Length > 0 ? int.Parse(parts[^2], CultureInfo.InvariantCulture) : null;
        var address = parts.Length >= 3 ? string.Join(':', parts[..^2]) : null;
        return new ComposePort(address, host, int.Parse(parts[^1], CultureInfo.InvariantCulture));
    }
}
