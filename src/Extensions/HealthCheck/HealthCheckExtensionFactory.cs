using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.HealthCheck;

/// <summary>Factory of the <c>health_check</c> extension.</summary>
public sealed class HealthCheckExtensionFactory() : ExtensionFactory<HealthCheckOptions>(
    "health_check", (section, _) => HealthCheckOptions.Bind(section))
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, HealthCheckOptions options) => new HealthCheckExtension(context, options);
}
