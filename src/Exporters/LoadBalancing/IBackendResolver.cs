namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>Where the backends come from; it reports each new list of endpoints (<c>host:port</c>, sorted).</summary>
internal interface IBackendResolver
{
    /// <summary>The resolver's name in the <c>resolver</c> label (<c>static</c>, <c>dns</c>).</summary>
    string Name { get; }

    /// <summary>Its counts.</summary>
    ResolverStats Stats { get; }

    /// <summary>Resolves once (reporting the list before it returns when it got one) and keeps resolving if it does.</summary>
    Task StartAsync(Func<IReadOnlyList<string>, Task> onChange, CancellationToken cancellationToken);

    /// <summary>Stops resolving; no list is reported after it returns.</summary>
    Task StopAsync();
}
