using Google.Protobuf;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>The shape of a request to build: resources, their scopes, and how many items each scope holds.</summary>
public sealed record ResourceShape(string Name, params ScopeShape[] Scopes);

/// <summary>One scope of a <see cref="ResourceShape"/>.</summary>
public sealed record ScopeShape(string Name, int Items);

/// <summary>
/// One item of a request together with everything that gives it meaning (resource, scope, for metrics the metric
/// descriptor). Two requests carry the same data in the same order exactly when their origin lists are equal.
/// </summary>
public sealed record ItemOrigin(Resource? Resource, string ResourceSchemaUrl, InstrumentationScope? Scope, string ScopeSchemaUrl, string Item);

/// <summary>Shorthands for writing shapes.</summary>
public static class Shape
{
    public static ResourceShape R(string name, params ScopeShape[] scopes) => new(name, scopes);

    public static ScopeShape S(string name, int items) => new(name, items);

    public static int Total(IEnumerable<ResourceShape> shape) => shape.Sum(r => r.Scopes.Sum(s => s.Items));
}

/// <summary>Resource and scope values derived from their names, so a misplaced item is easy to detect.</summary>
public static class Context
{
    public static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Kv(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static Resource Resource(string name) => new()
    {
        Attributes = { Kv("service.name", name), Kv("host.name", "host-" + name), Kv("replica", name.Length) },
        DroppedAttributesCount = 1,
    };

    public static string ResourceSchema(string name) => "https://example.com/resource/" + name;

    public static InstrumentationScope Scope(string name) => new()
    {
        Name = name,
        Version = "1.2." + name.Length,
        Attributes = { Kv("scope.label", name) },
    };

    public static string ScopeSchema(string name) => "https://example.com/scope/" + name;

    public static ByteString Id(int length, int seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed + i + 1);
        }

        return ByteString.CopyFrom(bytes);
    }
}
