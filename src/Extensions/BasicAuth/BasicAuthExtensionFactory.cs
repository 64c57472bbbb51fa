using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>Factory of the <c>basicauth</c> extension (server side: htpasswd).</summary>
public sealed class BasicAuthExtensionFactory : ExtensionFactory<BasicAuthOptions>
{
    /// <inheritdoc />
    public override string Type => "basicauth";

    /// <inheritdoc />
    protected override BasicAuthOptions Bind(ConfigSection section, string typeAsWritten) => BasicAuthOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, BasicAuthOptions options) => new BasicAuthExtension(context, options);
}
