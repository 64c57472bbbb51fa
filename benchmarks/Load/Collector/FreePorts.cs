using System.Net;
using System.Net.Sockets;

namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>Loopback ports nothing listens on, found by letting the kernel pick them.</summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct free ports.</summary>
    /// <remarks>
    /// Every listener is held until all ports are known, so the kernel cannot hand out the same port twice. The port
    /// could still be taken between here and the collector's bind; the collector then exits naming the port, and the
    /// scenario fails with that message rather than measuring the wrong process.
    /// </remarks>
    public static int[] Allocate(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            var ports = new int[count];
            for (int i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
                ports[i] = ((IPEndPoint)listeners[i].LocalEndpoint).Port;
            }

            return ports;
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }
}
