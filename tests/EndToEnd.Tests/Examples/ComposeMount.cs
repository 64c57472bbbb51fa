namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>A bind mount: the host path (full) and where it appears in the container.</summary>
internal sealed record ComposeMount(string Source, string Target, bool ReadOnly);
