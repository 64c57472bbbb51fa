using System.Net;
using System.Net.Sockets;

namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>
/// When a collector is ready: every listed port accepts a TCP connection and the <c>health_check</c> extension
/// answers 200 (which it does only once every component has started).
/// </summary>
public sealed record ReadinessProbe(IReadOnlyList<int> Ports, Uri HealthUri)
{
    /// <summary>Checks once.</summary>
    public async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        foreach (var port in Ports)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        try
        {
            using var response = await http.GetAsync(HealthUri, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
