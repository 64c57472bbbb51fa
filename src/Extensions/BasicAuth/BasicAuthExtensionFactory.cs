using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>Factory of the <c>basicauth</c> extension (server side: htpasswd).</summary>
public sealed class BasicAuthExtensionFactory() : ExtensionFactory<BasicAuthOptions>("basicauth", (section, _) => BasicAuthOptions.Bind(section))
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, BasicAuthOptions options) => new BasicAuthExtension(context, options);
}
