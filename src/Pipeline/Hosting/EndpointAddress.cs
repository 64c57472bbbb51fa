using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MiniCollector.Pipeline.Hosting;

/// <summary>
/// A <c>host:port</c> endpoint as collector configs write it, resolved to the address to bind. <c>localhost</c>
/// binds the IPv4 loopback (what the reference binds), an empty host or <c>0.0.0.0</c> every interface.
/// </summary>
public readonly record struct EndpointAddress(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>, <c>:port</c> or <c>[v6]:port</c>; returns an error message when malformed.</summary>
    public static bool TryParse(string text, out EndpointAddress address, out string? error)
    {
        address = default;
        error = null;
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"endpoint \"{text}\" must be host:port";
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            error = $"endpoint \"{text}\" must be host:port (write IPv6 hosts in brackets, [::1]:4318)";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"endpoint \"{text}\" has an invalid port \"{text[(colon + 1)..]}\"";
            return false;
        }

        address = new EndpointAddress(host, port);
        return true;
    }

    /// <summary>Resolves the host to the IP address to bind; throws <see cref="SocketException"/> for unknown hosts.</summary>
    public IPAddress Resolve()
    {
        if (Host.Length == 0)
        {
            return IPAddress.Any;
        }

        if (Host == "localhost")
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(Host, out var ip))
        {
            return ip;
        }

        var addresses = Dns.GetHostAddresses(Host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }

    /// <inheritdoc />
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
