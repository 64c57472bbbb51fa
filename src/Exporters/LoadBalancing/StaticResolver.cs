namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>The static resolver: its list, once. A config reload that changes it rebuilds the exporter.</summary>
internal sealed class StaticResolver(StaticResolverOptions options) : IBackendResolver
{
    /// <inheritdoc />
    public string Name => "static";

    /// <inheritdoc />
    public ResolverStats Stats { get; } = new();

    /// <inheritdoc />
    public async Task StartAsync(Func<IReadOnlyList<string>, Task> onChange, CancellationToken cancellationToken)
    {
        Stats.Resolved(success: true);
        Stats.Updated();
        await onChange([.. options.Hostnames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StopAsync() => Task.CompletedTask;
}
