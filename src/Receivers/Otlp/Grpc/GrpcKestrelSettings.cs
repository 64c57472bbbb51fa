using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>Maps the gRPC server settings onto Kestrel's HTTP/2 limits, keepalive pings and socket buffers.</summary>
internal static class GrpcKestrelSettings
{
    public static void Apply(GrpcServerOptions options, KestrelServerOptions kestrel)
    {
        var limits = kestrel.Limits;
        if (options.MaxConcurrentStreams > 0)
        {
            limits.Http2.MaxStreamsPerConnection = options.MaxConcurrentStreams;
        }

        // grpc-go's keepalive: ping after `time` of inactivity, drop the connection if unanswered within `timeout`.
        limits.Http2.KeepAlivePingDelay = options.Keepalive.Time;
        limits.Http2.KeepAlivePingTimeout = options.Keepalive.Timeout;

        // max_connection_idle: unset means connections may idle for good, as in grpc-go. Kestrel turns an infinite
        // keep-alive timeout into one that fires at the next heartbeat for HTTP/2, so "unset" is a year instead.
        limits.KeepAliveTimeout = options.Keepalive.MaxConnectionIdle ?? TimeSpan.FromDays(365);

        // A 64 MiB message must not stall on flow control: let a stream and the connection have a few MiB in flight.
        limits.Http2.InitialStreamWindowSize = Math.Max(limits.Http2.InitialStreamWindowSize, 4 * 1024 * 1024);
        limits.Http2.InitialConnectionWindowSize = Math.Max(limits.Http2.InitialConnectionWindowSize, 8 * 1024 * 1024);
    }

    public static void Apply(GrpcServerOptions options, ListenOptions listen)
    {
        if (options.Keepalive.MaxConnectionAge is { } age)
        {
            listen.Use(ConnectionAgeLimit.Middleware(age, options.Keepalive.MaxConnectionAgeGrace));
        }
    }

    public static void Apply(GrpcServerOptions options, SocketTransportOptions transport)
    {
        if (options.ReadBufferSize > 0)
        {
            transport.MaxReadBufferSize = options.ReadBufferSize;
        }

        if (options.WriteBufferSize > 0)
        {
            transport.MaxWriteBufferSize = options.WriteBufferSize;
        }
    }
}
