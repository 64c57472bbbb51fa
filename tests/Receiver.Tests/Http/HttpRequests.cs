using System.Net.Http.Headers;
using Google.Protobuf;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Otlp.Json;

namespace MiniCollector.Receiver.Tests.Http;

/// <summary>Sends raw OTLP/HTTP requests and reads the answers, as a client on the wire sees them.</summary>
internal static class HttpRequests
{
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, byte[] body, string contentType, string? encoding = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        configure?.Invoke(request);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostProtobufAsync(this HttpClient client, string path, IMessage message, string? encoding = null)
    {
        var bytes = message.ToByteArray();
        if (encoding == "gzip")
        {
            bytes = TestSupport.Payloads.Gzip(bytes);
        }

        return client.PostAsync(path, bytes, "application/x-protobuf", encoding);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json)
        => client.PostAsync(path, System.Text.Encoding.UTF8.GetBytes(json), "application/json");

    /// <summary>Reads a google.rpc.Status body in whichever encoding the response declares.</summary>
    public static async Task<Status> ReadStatusAsync(this HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.Content.Headers.ContentType?.MediaType == "application/json"
            ? OtlpJsonReader.ReadStatus(bytes)
            : Status.Parser.ParseFrom(bytes);
    }
}
