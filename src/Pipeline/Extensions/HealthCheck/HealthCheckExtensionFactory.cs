using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Extensions.HealthCheck;

/// <summary>Factory of the <c>health_check</c> extension.</summary>
public sealed class HealthCheckExtensionFactory : ExtensionFactory
{
    /// <inheritdoc />
    public override string Type => "health_check";

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => HealthCheckOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, object options) => new HealthCheckExtension(context, (HealthCheckOptions)options);
}
