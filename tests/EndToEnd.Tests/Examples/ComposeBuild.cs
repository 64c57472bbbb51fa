namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>A compose service's <c>build</c>: the context folder and the Dockerfile, as full paths, and its build arguments.</summary>
internal sealed record ComposeBuild(string Context, string Dockerfile, IReadOnlyDictionary<string, string> Args);
