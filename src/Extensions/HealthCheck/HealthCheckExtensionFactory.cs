using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.HealthCheck;

/// <summary>Factory of the <c>health_check</c> extension.</summary>
public sealed class HealthCheckExtensionFactory : ExtensionFactory<HealthCheckOptions>
{
    /// <inheritdoc />
    public override string Type => "health_check";

    /// <inheritdoc />
    protected override HealthCheckOptions Bind(ConfigSection section, string typeAsWritten) => HealthCheckOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, HealthCheckOptions options) => new HealthCheckExtension(context, options);
}
