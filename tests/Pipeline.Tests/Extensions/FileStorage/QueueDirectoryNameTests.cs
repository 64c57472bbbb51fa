using MiniCollector.Extensions.FileStorage;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>Queue directories named as the reference names storage clients, one safe path element per component.</summary>
public sealed class QueueDirectoryNameTests
{
    [Theory]
    [InlineData(ComponentKind.Exporter, "otlp", "", "exporter_otlp_")]
    [InlineData(ComponentKind.Exporter, "otlphttp", "backup", "exporter_otlphttp_backup")]
    [InlineData(ComponentKind.Exporter, "otlp", "tier-1.eu_west", "exporter_otlp_tier-1.eu_west")]
    [InlineData(ComponentKind.Receiver, "otlp", "in", "receiver_otlp_in")]
    [InlineData(ComponentKind.Exporter, "otlp", "a/b", "exporter_otlp_a~2Fb")]
    [InlineData(ComponentKind.Exporter, "otlp", "a~2Fb", "exporter_otlp_a~7E2Fb")]
    [InlineData(ComponentKind.Exporter, "otlp", "..", "exporter_otlp_..")]
    [InlineData(ComponentKind.Exporter, "otlp", "é:x", "exporter_otlp_~C3~A9~3Ax")]
    public void Names_follow_kind_type_name_with_unsafe_bytes_escaped(ComponentKind kind, string type, string name, string expected)
        => Assert.Equal(expected, QueueDirectoryName.For(kind, new ComponentId(type, name)));

    [Fact]
    public void Ids_that_differ_get_different_directories()
    {
        string[] names = ["", "a", "a/b", "a~2Fb", "a_b", "a.b", "a b", "A"];
        var directories = names.Select(n => QueueDirectoryName.For(ComponentKind.Exporter, new ComponentId("otlp", n))).ToList();

        Assert.Equal(names.Length, directories.Distinct(StringComparer.Ordinal).Count());
        Assert.All(directories, d => Assert.Equal(d, Path.GetFileName(d)));
    }
}
